import { SmsGatewaySink } from '@app/testing';
import { SmsGatewayTransport } from './sms-gateway.transport';
import { TransportError, httpSendFailure } from './transport';

describe('SmsGatewayTransport against a real HTTP gateway', () => {
  let sink: SmsGatewaySink;
  let transport: SmsGatewayTransport;
  const envelope = { messageId: 'm-1', recipient: '+420777123456', subject: null, text: 'SECRET-CODE-4242' };

  beforeAll(async () => {
    sink = await SmsGatewaySink.start();
    transport = new SmsGatewayTransport(new URL(sink.url));
  });
  afterAll(() => sink.close());

  const failure = async () => {
    const error = await transport.send(envelope, 300).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TransportError);
    expect((error as Error).message).not.toContain(envelope.text); // what is logged and stored
    return error as TransportError;
  };

  it('posts {"to","text","messageId"} with the messageId as Idempotency-Key and resolves on 2xx', async () => {
    await transport.send(envelope, 1000);
    expect(sink.messages).toEqual([{ to: '+420777123456', text: 'SECRET-CODE-4242', messageId: 'm-1' }]);
    expect(sink.idempotencyKeys).toEqual(['m-1']);
  });

  it('rejects a non-2xx answer', async () => {
    sink.failWith(503);
    expect(await failure()).toMatchObject({ message: 'gateway answered HTTP 503', outcomeUnknown: false });
    sink.failWith(200);
  });

  it('rejects when the gateway does not answer in time', async () => {
    sink.hang(true);
    // It may have taken the message all the same: a retry may deliver it twice.
    expect(await failure()).toMatchObject({ message: 'gateway timeout 300 ms', outcomeUnknown: true });
    sink.hang(false);
  });

  it('rejects when the gateway is down, and works again when it is back', async () => {
    await sink.goDown();
    expect((await failure()).message).toMatch(/^gateway unreachable/);
    await sink.comeBack();
    await transport.send(envelope, 1000);
    expect(sink.messages).toHaveLength(2);
  });
});

describe('httpSendFailure', () => {
  // node:http's socket errors carry their code
  const withCode = (code?: string) => Object.assign(new Error('socket error'), code ? { code } : {});

  it('knows a request never left when the connection was refused or the host not found', () => {
    for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']) {
      expect(httpSendFailure(withCode(code), 'gateway', 1000)).toMatchObject({
        message: `gateway unreachable (${code})`,
        outcomeUnknown: false,
      });
    }
  });

  it('calls the outcome unknown after a timeout or a connection cut once the request may have gone out', () => {
    const timeout = Object.assign(new Error('timed out'), { name: 'TimeoutError' });
    expect(httpSendFailure(timeout, 'gateway', 1000)).toMatchObject({
      message: 'gateway timeout 1000 ms',
      outcomeUnknown: true,
    });
    for (const error of [withCode('UND_ERR_SOCKET'), withCode('ECONNRESET'), withCode()]) {
      expect(httpSendFailure(error, 'gateway', 1000).outcomeUnknown).toBe(true);
    }
  });
});
