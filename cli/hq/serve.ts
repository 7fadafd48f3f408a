// tillproof hq serve: runs HQ until SIGINT or SIGTERM.
import { parseArgs } from 'node:util';
import { loadHqConfig } from '../../hq/config.ts';
import { startHqServer } from '../../hq/server.ts';
import { EXIT, type CommandIo } from '../io.ts';
import { common } from './options.ts';

export async function serve(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({ args, options: common, strict: true });
  const config = loadHqConfig(values.config);
  const token = process.env.TILLPROOF_HQ_REPORT_TOKEN;
  const hq = await startHqServer({ config, ...(token ? { reportTokens: [token] } : {}) });
  io.out(`Tillproof HQ serving on ${hq.url}`);
  io.out(
    hq.consoleBuilt
      ? `Console: ${hq.url}/console/`
      : 'Console: not built on this server (npm run build:console, then restart HQ); the API is served.',
  );
  io.out(`Database: ${hq.database?.describe ?? 'given pool'}; ${hq.service.verify.size} verification threads`);
  if (hq.notifier)
    io.out(
      `Member notices: e-mail ${config.mail ? 'on' : 'off (no "mail")'}, SMS ${config.notices?.sms ? 'on' : 'off'}, LINE ${config.notices?.line ? 'on' : 'off'}; "this wasn't me" links to ${config.notices?.publicUrl ?? ''}`,
    );
  if (!config.tls) io.out('Plain HTTP on loopback: put a TLS reverse proxy in front for terminals on the network (docs/hq.md).');
  await new Promise<void>((done) => {
    process.once('SIGINT', () => done());
    process.once('SIGTERM', () => done());
  });
  await hq.close();
  io.out('Tillproof HQ stopped.');
  return EXIT.ok;
}
