// A progress bar on stderr. On a terminal it redraws one line; in a log or a pipe it
// prints a line at each tenth so the output stays readable.
import type { Io } from './output';

export function progressBar(io: Io, total: number, label: string) {
  const width = 30;
  let lastTenth = -1;
  const render = (done: number, note: string) => {
    const ratio = total === 0 ? 1 : done / total;
    const filled = Math.round(ratio * width);
    return `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total}${note ? ` ${note}` : ''}`;
  };
  return {
    update(done: number, note = ''): void {
      if (io.stderr.isTTY) {
        io.stderr.write(`\r${render(done, note)}\u001b[K`);
        return;
      }
      const tenth = total === 0 ? 10 : Math.floor((done / total) * 10);
      if (tenth !== lastTenth) {
        lastTenth = tenth;
        io.stderr.write(`${render(done, note)}\n`);
      }
    },
    finish(): void {
      if (io.stderr.isTTY) io.stderr.write('\n');
    },
  };
}
