/**
 * Finds a real system program a test starts (tshark, tcpdump, nats-server,
 * chromium). Under `CI=true` a missing program fails the test that needs it;
 * elsewhere the test is skipped with one loud line naming the Debian package
 * to install, so a developer knows what did not run.
 */
import { execFileSync } from 'node:child_process'

/** The absolute path of `command` on PATH, or undefined. */
export function whichTool(command: string): string | undefined {
  try {
    const found = execFileSync('sh', ['-c', `command -v "$0"`, command], { encoding: 'utf8' }).trim()
    return found === '' ? undefined : found
  } catch {
    return undefined
  }
}

const warned = new Set<string>()

/**
 * The path of `command`, or undefined when it is missing outside CI (after
 * printing which package to install). Throws under `CI=true`, where `.ci/run`
 * installs every tool the tests need.
 *
 * Use as `const tshark = systemTool('tshark', 'tshark'); it.skipIf(tshark === undefined)(...)`.
 */
export function systemTool(command: string, debianPackage: string): string | undefined {
  const found = whichTool(command)
  if (found !== undefined) return found
  if (process.env['CI'] === 'true') {
    throw new Error(`${command} is missing under CI=true: .ci/run should have installed the Debian package ${debianPackage}`)
  }
  if (!warned.has(command)) {
    warned.add(command)
    console.warn(`\n!!! SKIPPING tests that need ${command}: install it with \`apt-get install ${debianPackage}\` !!!\n`)
  }
  return undefined
}
