import { readFile } from 'node:fs/promises';

/** The PID a server recorded in its pid file (first line), if that process is alive and is `command`. */
export async function livePid(pidFile: string, command: string): Promise<number | null> {
  const text = await readFile(pidFile, 'utf8').catch(() => '');
  const pid = Number(text.split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  // A recycled PID must not be mistaken for our server: its command line has to name the binary.
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => null);
  if (cmdline === null || !cmdline.split('\0')[0]!.endsWith(command)) return null;
  return pid;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * The launcher runs its servers in their own process group (so Ctrl-C reaches only the launcher, which stops
 * them in order). A launcher killed outright leaves them running on our data; the next start stops such a
 * leftover first: SIGINT (a clean shutdown, nothing committed is lost), SIGKILL if it does not exit.
 */
export async function stopLeftoverProcess(pidFile: string, command: string): Promise<number | null> {
  const pid = await livePid(pidFile, command);
  if (!pid) return null;
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 30_000;
  while (alive(pid)) {
    if (Date.now() > deadline) process.kill(pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 100));
  }
  return pid;
}
