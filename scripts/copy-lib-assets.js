// Copies non-TypeScript assets (templates) from the library's src into its dist, keeping paths.
const fs = require('node:fs');
const path = require('node:path');

const src = path.join(__dirname, '..', 'libs', 'messaging-gateway', 'src');
const dist = path.join(__dirname, '..', 'libs', 'messaging-gateway', 'dist');
const ASSET = /\.(hbs|html|txt|json)$/;

function copy(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const from = path.join(dir, entry.name);
    if (entry.isDirectory()) copy(from);
    else if (ASSET.test(entry.name)) {
      const to = path.join(dist, path.relative(src, from));
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.copyFileSync(from, to);
    }
  }
}

copy(src);
