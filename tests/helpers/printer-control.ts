// The virtual printer's control channel as a trainer drives it with netcat: the token line first,
// then one command; resolves with the command's reply line.
import { connect } from 'node:net';

export function sendControl(port: number, token: string, command: string): Promise<string> {
  return new Promise((done, fail) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(`token ${token}\n${command}\n`));
    socket.setEncoding('utf8');
    let text = '';
    socket.on('data', (chunk: string) => {
      text += chunk;
      const lines = text.split('\n');
      if (lines.length < 3 && !text.startsWith('error')) return;
      socket.end();
      done(text.startsWith('error') ? lines[0]! : lines[1]!);
    });
    socket.once('error', fail);
  });
}
