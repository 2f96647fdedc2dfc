import { CliError } from './command.js';

/**
 * A password, never from argv (it would show in `ps` and shell history): from stdin's first line with
 * `--password-stdin`, or asked twice on the terminal without echo.
 */
export async function readPassword(fromStdin: boolean | undefined): Promise<string> {
  if (fromStdin) {
    let input = '';
    for await (const chunk of process.stdin) input += String(chunk);
    const password = input.split(/\r?\n/)[0] ?? '';
    if (password === '') throw new CliError('--password-stdin: stdin was empty');
    return password;
  }
  if (!process.stdin.isTTY) throw new CliError('no terminal to ask for the password: pipe it in with --password-stdin');
  const password = await askHidden('Password: ');
  if ((await askHidden('Again: ')) !== password) throw new CliError('the two passwords differ');
  return password;
}

function askHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(question);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') {
          finish();
          resolve(value);
          return;
        }
        if (char === '\u0003') {
          finish();
          reject(new CliError('cancelled', 130));
          return;
        }
        value = char === '\u007f' || char === '\b' ? value.slice(0, -1) : value + char;
      }
    };
    stdin.on('data', onData);
  });
}
