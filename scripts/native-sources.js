// Lists the engine's C++ sources for binding.gyp: every .cpp under native/src, so adding a
// file needs no edit to the build file. Test programs live in native/test and are not listed.
const fs = require('fs');
const path = require('path');

function walk(dir, acc) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, acc);
    else if (entry.name.endsWith('.cpp')) acc.push(path.relative(process.cwd(), full));
  }
  return acc;
}

process.stdout.write(walk(path.join(__dirname, '..', 'native', 'src'), []).join('\n') + '\n');
