import type { CliIo } from '../../lib/cli/io';

/** An io that collects lines. */
export function captureIo(): CliIo & { readonly lines: string[]; readonly errors: string[]; text(): string } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l), text: () => lines.join('\n') };
}
