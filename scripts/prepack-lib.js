// `npm pack` / `npm publish` in libs/messaging-gateway: puts the repository's LICENSE and
// CHANGELOG.md beside the package (they are written once, at the root) and makes sure the
// compiled dist exists, building it when it does not.
const { execFileSync } = require('node:child_process');
const { copyFileSync, existsSync } = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const lib = path.join(root, 'libs', 'messaging-gateway');

for (const file of ['LICENSE', 'CHANGELOG.md']) copyFileSync(path.join(root, file), path.join(lib, file));
if (!existsSync(path.join(lib, 'dist', 'index.js'))) {
  execFileSync('npm', ['run', 'build:lib'], { cwd: root, stdio: 'inherit' });
}
