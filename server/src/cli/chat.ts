import { randomUUID } from 'node:crypto';
import { clearLine, createInterface, cursorTo, type Interface } from 'node:readline';
import { signShopperToken } from '@kefu/adapter-web';
import { KefuApiError, type WebMessage } from '@kefu/shared';
import { demoShoppers } from '../demo';
import { DEMO_SHOPPER_TOKEN_SECRET } from '../demo/seed-demo';
import { ChatConnection, ChatFailure, describeRequestError } from './chat-connection';
import { chatUsage, parseChatOptions, UsageError, type ChatOptions } from './chat-options';
import { requestDemoScan } from './demo-scan';
import { isProactive } from './message-kinds';
import { renderMessage, replyJson } from './render';

/**
 * `npm run chat`: a shopper's conversation with a running Kefu server over the public web channel.
 * Interactive by default; `--jsonl` reads one message per stdin line and prints one JSON line per
 * bot reply, strictly in order, for scripts and evaluations.
 */
async function main(): Promise<number> {
  const parsed = parseChatOptions(process.argv.slice(2), process.env);
  if (parsed === 'help') {
    process.stdout.write(chatUsage);
    return 0;
  }
  const options = parsed;
  const connection = await ChatConnection.open(options.url, options.tenant, shopperTokenFor(options));
  try {
    return options.jsonl ? await runJsonl(connection, options) : await runInteractive(connection, options);
  } finally {
    connection.close();
  }
}

function shopperTokenFor(options: ChatOptions): string | undefined {
  if (options.shopperToken) return options.shopperToken;
  if (!options.shopper) return undefined;
  const known = demoShoppers.find((s) => s.ref === options.shopper);
  if (!known) process.stderr.write(`warning: "${options.shopper}" is not a demo shopper (known: ${demoShoppers.map((s) => s.ref).join(', ')}); signing anyway\n`);
  return signShopperToken({ ref: options.shopper, name: known?.name, exp: Math.floor(Date.now() / 1000) + 24 * 3600 }, DEMO_SHOPPER_TOKEN_SECRET);
}

/** Sends the message; a refusal by the server is returned as text, an unreachable server ends the run. */
async function sendOrExplain(connection: ChatConnection, text: string, clientMessageId: string): Promise<WebMessage | string> {
  try {
    return await connection.send(text, clientMessageId);
  } catch (error) {
    if (error instanceof KefuApiError) return describeRequestError(error, connection.url);
    throw new ChatFailure(describeRequestError(error, connection.url));
  }
}

async function runJsonl(connection: ChatConnection, options: ChatOptions): Promise<number> {
  const runId = randomUUID().slice(0, 8);
  const input = createInterface({ input: process.stdin, crlfDelay: Infinity, terminal: false });
  let lineNo = 0;
  for await (const raw of input) {
    const text = raw.trim();
    if (!text) continue;
    lineNo += 1;
    const sent = await sendOrExplain(connection, text, `cli-${runId}-${lineNo}`);
    if (typeof sent === 'string') {
      await writeLine(JSON.stringify({ error: sent }));
      continue;
    }
    const reply = await connection.waitForReply(Number(sent.id), options.timeoutMs);
    await writeLine(reply ? replyJson(reply) : JSON.stringify({ error: 'timeout' }));
  }
  return 0;
}

async function runInteractive(connection: ChatConnection, options: ChatOptions): Promise<number> {
  const tty = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  const runId = randomUUID().slice(0, 8);
  const seen = new Set<string>();
  let lastSeen = 0;
  // Shopper messages still waiting for an answer, oldest first; each bot or agent message answers one.
  const unanswered: number[] = [];
  let lineNo = 0;

  // Start after whatever the conversation already holds (a signed-in shopper keeps their history).
  try {
    const history = await connection.list(0);
    for (const m of history) lastSeen = Math.max(lastSeen, Number(m.id));
    if (history.length > 0) process.stdout.write(`(${history.length} earlier messages in this conversation are not shown)\n`);
  } catch (error) {
    throw new ChatFailure(describeRequestError(error, connection.url));
  }

  const rl: Interface = createInterface({ input: process.stdin, output: process.stdout, terminal: tty, prompt: '我 > ' });
  const print = (lines: string[]) => {
    if (tty) {
      clearLine(process.stdout, 0);
      cursorTo(process.stdout, 0);
    }
    process.stdout.write(lines.join('\n') + '\n');
    if (tty) rl.prompt(true);
  };
  const show = (message: WebMessage) => {
    if (seen.has(message.id)) return;
    seen.add(message.id);
    lastSeen = Math.max(lastSeen, Number(message.id));
    if (message.role === 'shopper') return;
    // A proactive message can land between a question and its answer; it must not count as the answer.
    if (!isProactive(message)) {
      const answered = unanswered.findIndex((id) => id < Number(message.id));
      if (answered >= 0) unanswered.splice(answered, 1);
    }
    print(renderMessage(message));
  };

  let typingShown = false;
  connection.onFrame((frame) => {
    if (frame.type === 'message') show(frame.message);
    else if (tty && frame.role !== 'shopper' && frame.typing !== typingShown) {
      typingShown = frame.typing;
      if (frame.typing) print([`(${frame.role === 'agent' ? '人工客服' : '客服机器人'}正在输入…)`]);
    }
  });
  // Without the push socket, poll so replies still appear.
  const poller = setInterval(() => {
    if (connection.pushConnected) return;
    connection.list(lastSeen).then((messages) => messages.forEach(show), () => undefined);
  }, 1000);

  const who = options.shopper ? `shopper ${options.shopper}` : options.shopperToken ? 'signed-in shopper' : 'anonymous visitor';
  process.stdout.write(
    `Connected to ${options.url} — tenant "${options.tenant}" as ${who} (session ${connection.client.sessionId}).\n` +
      (connection.pushConnected ? '' : 'Push socket unavailable: replies are polled every second.\n') +
      'Type a message and press Enter; /scan runs the proactive service now (demo); /quit or Ctrl-D to leave.\n',
  );
  if (!tty) process.stderr.write('stdin is not a terminal: for scripted use prefer --jsonl\n');

  let failure: Error | undefined;
  // Lines are handled one after another, even when pasted or piped in quickly.
  let queue: Promise<void> = Promise.resolve();
  const handle = async (raw: string) => {
    const text = raw.trim();
    if (text === '/quit' || text === '/exit') {
      rl.close();
      return;
    }
    if (text === '/scan') {
      print([await scanNow(connection, options, lastSeen > 0 || seen.size > 0)]);
      if (tty) rl.prompt();
      return;
    }
    if (text) {
      lineNo += 1;
      try {
        const sent = await sendOrExplain(connection, text, `cli-${runId}-${lineNo}`);
        if (typeof sent === 'string') print([`(not sent: ${sent})`]);
        else {
          seen.add(sent.id);
          unanswered.push(Number(sent.id));
        }
      } catch (error) {
        print([`(${(error as Error).message})`]);
      }
    }
    if (tty) rl.prompt();
  };
  rl.on('line', (line) => {
    queue = queue.then(() => handle(line)).catch((error: unknown) => {
      failure = error as Error;
    });
  });
  if (tty) rl.prompt();
  await new Promise<void>((resolve) => rl.once('close', () => resolve()));
  await queue;
  // Piped input ends at once: wait (bounded) for the replies still owed before leaving.
  const deadline = Date.now() + options.timeoutMs;
  while (!tty && unanswered.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    await connection.list(lastSeen).then((messages) => messages.forEach(show), () => undefined);
  }
  if (!tty && unanswered.length > 0) process.stderr.write(`no reply within ${options.timeoutMs} ms to ${unanswered.length} message(s)\n`);
  clearInterval(poller);
  if (failure) throw failure;
  if (tty) process.stdout.write('\n再见 👋\n');
  return 0;
}

/** /scan: queue the demo's proactive scan; what it sends arrives like any other message. */
async function scanNow(connection: ChatConnection, options: ChatOptions, conversationStarted: boolean): Promise<string> {
  if (!options.shopper && !options.shopperToken) return '(/scan: proactive messages go to known shoppers; start the chat with --shopper zhaolei or --shopper zhangwei)';
  // The shop writes into the shopper's latest conversation, which exists only once they wrote something.
  if (!conversationStarted) return '(/scan: say something first (e.g. 你好), so the shop has a conversation to write into)';
  try {
    const request = await requestDemoScan(connection.url, options.tenant);
    return request.queued ? `(scan queued as ${request.jobId}: proactive messages for you appear here in a moment)` : `(/scan: ${request.reason})`;
  } catch (error) {
    return `(/scan: ${describeRequestError(error, connection.url)})`;
  }
}

function writeLine(line: string): Promise<void> {
  return new Promise((resolve) => process.stdout.write(line + '\n', () => resolve()));
}

main().then(
  (code) => process.stdout.write('', () => process.exit(code)),
  (error: unknown) => {
    if (error instanceof UsageError) process.stderr.write(`chat: ${error.message}\n\n${chatUsage}`);
    else if (error instanceof ChatFailure) process.stderr.write(`chat: ${error.message}\n`);
    else process.stderr.write(`chat failed: ${(error as Error).stack ?? String(error)}\n`);
    process.stdout.write('', () => process.exit(error instanceof UsageError ? 2 : 1));
  },
);
