/**
 * A local stand-in for the AWS APIs the command calls, on 127.0.0.1, speaking each service's
 * real wire protocol so that the AWS SDK inside the command parses its answers (and its errors)
 * as it parses AWS's. The command reaches it through the SDK's standard `AWS_ENDPOINT_URL`:
 * - Step Functions: awsJson1_0 (`X-Amz-Target: AWSStepFunctions.<Action>`);
 * - SageMaker: awsJson1_1 (`X-Amz-Target: SageMaker.<Action>`);
 * - CloudWatch Logs: awsJson1_1 (`X-Amz-Target: Logs_20140328.<Action>`);
 * - CloudFormation: the query protocol (form-encoded `Action=…&Version=2010-05-15`, XML answers,
 *   errors as `<ErrorResponse><Error><Code>ValidationError</Code>…`).
 * Sources: the services' Smithy models as shipped in botocore (`protocols`, `jsonVersion`,
 * `targetPrefix`) and the AWS SDK's protocol implementations (@aws-sdk/core `protocols/`).
 */
import * as http from 'http';
import type { AddressInfo } from 'net';
import { ServiceError, Service, World } from './world';

/** One request the stand-in answered. */
export interface StandInCall {
  readonly service: Service;
  readonly action: string;
  readonly input: { [key: string]: unknown };
}

const TARGET_PREFIXES: { [prefix: string]: { service: Service; contentType: string } } = {
  AWSStepFunctions: { service: 'sfn', contentType: 'application/x-amz-json-1.0' },
  SageMaker: { service: 'sagemaker', contentType: 'application/x-amz-json-1.1' },
  Logs_20140328: { service: 'logs', contentType: 'application/x-amz-json-1.1' },
};
const CLOUDFORMATION_NS = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';

export class AwsStandIn {
  /** Every request, in order. */
  public readonly calls: StandInCall[] = [];
  /** Answers of these actions come this many milliseconds late (the call has taken effect meanwhile). */
  public readonly delays: { [action: string]: number } = {};
  /** Answers of these actions wait until the promise settles (the call has taken effect meanwhile): a test decides when the command hears back. */
  public readonly holds: { [action: string]: Promise<void> } = {};
  private server?: http.Server;
  private requestId = 0;

  public constructor(public readonly world: World) {}

  /** Starts listening on a free port of 127.0.0.1; resolves the endpoint URL. */
  public async start(): Promise<string> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  public async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
  }

  /** The calls of one action (`calls('sfn', 'StopExecution')`). */
  public callsOf(service: Service, action: string): StandInCall[] {
    return this.calls.filter((c) => c.service === service && c.action === action);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const id = `standin-${++this.requestId}`;
    const target = req.headers['x-amz-target'];
    if (typeof target === 'string') {
      const [prefix, action] = target.split('.');
      const protocol = TARGET_PREFIXES[prefix];
      if (!protocol) return this.send(res, 400, 'application/json', JSON.stringify({ __type: 'UnknownOperationException', message: target }), id);
      const input = JSON.parse(body || '{}') as { [key: string]: unknown };
      this.calls.push({ service: protocol.service, action, input });
      try {
        const output = this.world.handle(protocol.service, action, input);
        return this.send(res, 200, protocol.contentType, JSON.stringify(output ?? {}, jsonDates), id, action);
      } catch (e) {
        if (!(e instanceof ServiceError)) throw e;
        // awsJson errors: the shape name in __type (the SDK also reads x-amzn-errortype), the text in message.
        return this.send(res, e.status, protocol.contentType, JSON.stringify({ __type: e.code, message: e.message }), id, action);
      }
    }
    const params = new URLSearchParams(body);
    const action = params.get('Action') ?? '';
    const input = Object.fromEntries([...params.entries()].filter(([k]) => k !== 'Action' && k !== 'Version'));
    this.calls.push({ service: 'cloudformation', action, input });
    try {
      const output = this.world.handle('cloudformation', action, input) as { [key: string]: unknown };
      const xml = `<${action}Response xmlns="${CLOUDFORMATION_NS}"><${action}Result>${toXml(output)}</${action}Result>` +
        `<ResponseMetadata><RequestId>${id}</RequestId></ResponseMetadata></${action}Response>`;
      return this.send(res, 200, 'text/xml', xml, id, action);
    } catch (e) {
      if (!(e instanceof ServiceError)) throw e;
      const xml = `<ErrorResponse xmlns="${CLOUDFORMATION_NS}"><Error><Type>Sender</Type><Code>${e.code}</Code>` +
        `<Message>${escapeXml(e.message)}</Message></Error><RequestId>${id}</RequestId></ErrorResponse>`;
      return this.send(res, e.status, 'text/xml', xml, id, action);
    }
  }

  private send(res: http.ServerResponse, status: number, contentType: string, body: string, id: string, action = ''): void {
    const hold = this.holds[action];
    if (hold) {
      void hold.then(() => this.answer(res, status, contentType, body, id));
      return;
    }
    const delay = this.delays[action];
    if (delay) {
      setTimeout(() => this.answer(res, status, contentType, body, id), delay);
      return;
    }
    this.answer(res, status, contentType, body, id);
  }

  private answer(res: http.ServerResponse, status: number, contentType: string, body: string, id: string): void {
    res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body), 'x-amzn-requestid': id });
    res.end(body);
  }
}

/** awsJson timestamps are epoch seconds (numbers). */
function jsonDates(this: unknown, key: string, value: unknown): unknown {
  const raw = (this as { [k: string]: unknown })[key];
  return raw instanceof Date ? raw.getTime() / 1000 : value;
}

/** The query protocol's XML: members as elements, lists as `<member>` items, timestamps in ISO 8601. */
function toXml(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => `<member>${toXml(v)}</member>`).join('');
  if (typeof value === 'object') {
    return Object.entries(value as { [key: string]: unknown })
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `<${k}>${toXml(v)}</${k}>`).join('');
  }
  return escapeXml(String(value));
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
