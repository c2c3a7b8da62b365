/**
 * The language server's one engine process client, started on first use (replay, profile)
 * and stopped at shutdown. The engine runs in its own process, so a crash or a hang on a
 * hostile capture ends a job, never the server.
 */
import { EngineClient } from '../engine/client';

export class EngineHost {
  private m_client: EngineClient | undefined;

  /** The client, started when first needed (and again after a crash: the client restarts its process). */
  client(): EngineClient {
    this.m_client ??= new EngineClient();
    return this.m_client;
  }

  dispose(): void {
    this.m_client?.dispose();
    this.m_client = undefined;
  }
}
