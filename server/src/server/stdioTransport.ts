/**
 * The `--stdio` transport. The library's stream writer writes each message's header, waits
 * for that write to complete, then writes the body: two writes, so the client may wake up
 * for a header alone and, on a busy machine, wait a scheduling slice for the rest. This
 * writer sends header and body in one write. As in the library's own `--stdio` mode,
 * console output goes to the client's log, since stdout carries the protocol. It does not
 * change the reader, IPC, or anything about message contents.
 */
import { format } from 'util';
import { AbstractMessageWriter, createConnection, ProposedFeatures, StreamMessageReader, type Connection, type Message, type MessageWriter } from 'vscode-languageserver/node';

/** Writes each message framed (`Content-Length`) in a single write to `stream`. */
export class SingleWriteMessageWriter extends AbstractMessageWriter implements MessageWriter {
  constructor(private readonly m_stream: NodeJS.WritableStream) {
    super();
    m_stream.on('error', (error: Error) => this.fireError(error));
    m_stream.on('close', () => this.fireClose());
  }

  write(message: Message): Promise<void> {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    const frame = Buffer.concat([Buffer.from(`Content-Length: ${body.byteLength}\r\n\r\n`, 'ascii'), body]);
    return new Promise((resolve, reject) => {
      this.m_stream.write(frame, (error?: Error | null) => {
        if (error === undefined || error === null) {
          resolve();
        } else {
          this.fireError(error, message);
          reject(error);
        }
      });
    });
  }

  end(): void {
    // The stream belongs to the process; nothing to flush.
  }
}

/**
 * The connection: over stdin/stdout with single-write framing for `--stdio`, else the
 * library's choice (IPC, socket, pipe). `shutdownReceived` gives the exit code when stdin
 * closes (0 after a shutdown request, as the library does).
 */
export function createServerConnection(shutdownReceived: () => boolean): Connection {
  if (!process.argv.includes('--stdio')) {
    return createConnection(ProposedFeatures.all);
  }
  const connection = createConnection(ProposedFeatures.all, new StreamMessageReader(process.stdin), new SingleWriteMessageWriter(process.stdout));
  const toLog = (...args: unknown[]): void => connection.console.log(format(...args));
  console.log = toLog;
  console.info = toLog;
  console.debug = toLog;
  console.warn = (...args: unknown[]): void => connection.console.warn(format(...args));
  console.error = (...args: unknown[]): void => connection.console.error(format(...args));
  // The library ends the process when its input closes only for streams it wraps itself.
  const exit = (): never => process.exit(shutdownReceived() ? 0 : 1);
  process.stdin.on('end', exit);
  process.stdin.on('close', exit);
  return connection;
}
