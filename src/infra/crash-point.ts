// Fault injection for the crash tests: TALKGATE_TEST_CRASH_AT names one point where the process
// kills itself with SIGKILL, as kill -9 or the OOM killer would (no shutdown hook runs, nothing
// is flushed). Unset in production, where every point is a no-op.
import type { CrashPoint } from '../app/ports.js';

export function createCrashPoint(armed: CrashPoint | null): (point: CrashPoint) => void {
  if (!armed) return () => undefined;
  return (point) => {
    if (point !== armed) return;
    process.kill(process.pid, 'SIGKILL');
    // not reached on Linux (the signal lands before kill() returns); a safety net elsewhere
    process.exit(137);
  };
}
