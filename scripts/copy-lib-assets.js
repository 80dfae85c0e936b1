// Copies non-TypeScript assets (templates, stylesheets) next to the compiled JavaScript, keeping
// paths: the library's src into its dist, and the reference app's src into dist/apps.
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const ASSET = /\.(hbs|html|txt|json|css)$/;
const targets = {
  lib: [path.join(root, 'libs', 'messaging-gateway', 'src'), path.join(root, 'libs', 'messaging-gateway', 'dist')],
  app: [path.join(root, 'apps', 'reference-app', 'src'), path.join(root, 'dist', 'apps', 'reference-app', 'src')],
};

function copy(dir, src, dist) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const from = path.join(dir, entry.name);
    if (entry.isDirectory()) copy(from, src, dist);
    else if (ASSET.test(entry.name)) {
      const to = path.join(dist, path.relative(src, from));
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.copyFileSync(from, to);
    }
  }
}

const [src, dist] = targets[process.argv[2] ?? 'lib'];
copy(src, src, dist);
