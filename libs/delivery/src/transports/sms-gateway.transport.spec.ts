import { SmsGatewaySink } from '@app/testing';
import { SmsGatewayTransport } from './sms-gateway.transport';
import { TransportError } from './transport';

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
    return (error as Error).message;
  };

  it('posts {"to","text","messageId"} with the messageId as Idempotency-Key and resolves on 2xx', async () => {
    await transport.send(envelope, 1000);
    expect(sink.messages).toEqual([{ to: '+420777123456', text: 'SECRET-CODE-4242', messageId: 'm-1' }]);
    expect(sink.idempotencyKeys).toEqual(['m-1']);
  });

  it('rejects a non-2xx answer', async () => {
    sink.failWith(503);
    expect(await failure()).toBe('gateway answered HTTP 503');
    sink.failWith(200);
  });

  it('rejects when the gateway does not answer in time', async () => {
    sink.hang(true);
    expect(await failure()).toBe('gateway timeout 300 ms');
    sink.hang(false);
  });

  it('rejects when the gateway is down, and works again when it is back', async () => {
    await sink.goDown();
    expect(await failure()).toMatch(/^gateway unreachable/);
    await sink.comeBack();
    await transport.send(envelope, 1000);
    expect(sink.messages).toHaveLength(2);
  });
});
