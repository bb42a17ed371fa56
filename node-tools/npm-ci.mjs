// Installs the exact tools of a folder's package-lock.json with `npm ci` when its node_modules does not match the lock
// file (a fresh clone, or a changed lock file), and otherwise does nothing. Shared by contracts-lint/ and
// dashboard-test/, which each keep their own package.json and lock file.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * @param {string} dir the folder with package.json and package-lock.json
 * @param {string} failure what to print, prefixed, when npm ci fails; the process then exits with npm's status
 */
export function installLocked(dir, failure) {
  const lock = createHash('sha256').update(readFileSync(join(dir, 'package-lock.json'))).digest('hex');
  const stamp = join(dir, 'node_modules', '.installed-lock-sha256');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === lock) {
    return;
  }
  // no install scripts: none of the tools needs one, a package's script could reach outside the registry, and
  // playwright-core must never try to download a browser
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const install = spawnSync(npm, ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: dir,
    stdio: 'inherit',
    shell: process.platform === 'win32',
    env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' },
  });
  if (install.status !== 0) {
    console.error(failure);
    process.exit(install.status ?? 1);
  }
  writeFileSync(stamp, lock);
}
