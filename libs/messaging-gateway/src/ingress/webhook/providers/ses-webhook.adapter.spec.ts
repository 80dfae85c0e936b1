import { sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { webhookRequest, webhookTestOptions } from '../webhook-request.test-support';
import { SesWebhookAdapter } from './ses-webhook.adapter';
import { type SnsMessage, SnsMessageVerifier, snsStringToSign } from './sns-message.verifier';

const FIXTURES = join(__dirname, '../../../../../../test/fixtures/webhooks/sns');
const fixture = (name: string): SnsMessage => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));
const TOPIC = 'arn:aws:sns:eu-west-1:111111111111:example-topic';

describe('SES over SNS (Rails PR #39364 vectors and our own signer)', () => {
  let server: Server;
  let origin: string;
  const hits: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      hits.push(req.url ?? '');
      const file =
        req.url === '/rails.pem' ? 'certificate.pem' : req.url === '/ours.pem' ? 'test-signing-cert.pem' : undefined;
      if (!file) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/x-pem-file' }).end(readFileSync(join(FIXTURES, file)));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const options = (topics = [TOPIC]) =>
    webhookTestOptions({
      sesTopicArns: topics,
      sesCertUrlPattern: new RegExp(`^${origin.replace(/\./g, '\\.')}/[a-z]+\\.pem$`),
    });
  // SigningCertURL is not among the signed keys, so pointing it at the local copy keeps the signature valid.
  const local = (message: SnsMessage, cert = 'rails'): SnsMessage => ({
    ...message,
    SigningCertURL: `${origin}/${cert}.pem`,
  });

  it.each(['valid_signature.json', 'recognized_topic_subscription_request.json', 'inbound_email.json'])(
    'verifies the published SignatureVersion 1 fixture %s',
    async (name) => {
      await expect(new SnsMessageVerifier(options()).verify(local(fixture(name)))).resolves.toBeUndefined();
    },
  );

  it('refuses the published invalid signature, and a tampered message', async () => {
    const verifier = new SnsMessageVerifier(options());
    await expect(verifier.verify(local(fixture('invalid_signature.json')))).rejects.toMatchObject({
      code: 'EGW_WEBHOOK_SIGNATURE',
    });
    const tampered = { ...fixture('inbound_email.json'), Message: fixture('inbound_email.json').Message + ' ' };
    await expect(verifier.verify(local(tampered))).rejects.toMatchObject({ code: 'EGW_WEBHOOK_SIGNATURE' });
  });

  it('verifies SignatureVersion 2 (SHA256withRSA) and refuses a v2 signature labelled v1', async () => {
    const key = readFileSync(join(FIXTURES, 'test-signing-key.pem'));
    const message: SnsMessage = {
      Type: 'Notification',
      MessageId: 'm-2',
      TopicArn: TOPIC,
      Message: 'x',
      Timestamp: '2026-01-01T00:00:00.000Z',
      SignatureVersion: '2',
    };
    message.Signature = sign('sha256', Buffer.from(snsStringToSign(message)), key).toString('base64');
    const verifier = new SnsMessageVerifier(options());
    await expect(verifier.verify(local(message, 'ours'))).resolves.toBeUndefined();
    await expect(verifier.verify(local({ ...message, SignatureVersion: '1' }, 'ours'))).rejects.toMatchObject({
      code: 'EGW_WEBHOOK_SIGNATURE',
    });
    await expect(verifier.verify(local({ ...message, SignatureVersion: '3' }, 'ours'))).rejects.toMatchObject({
      code: 'EGW_WEBHOOK_SIGNATURE',
    });
  });

  it('refuses a certificate URL outside the pattern (the default allows only sns.<region>.amazonaws.com)', async () => {
    const message = { ...fixture('inbound_email.json'), SigningCertURL: 'https://evil.example.com/cert.pem' };
    await expect(new SnsMessageVerifier(options()).verify(message)).rejects.toMatchObject({
      code: 'EGW_WEBHOOK_SIGNATURE',
    });
    const strict = new SnsMessageVerifier(webhookTestOptions({ sesTopicArns: [TOPIC] }));
    expect(strict.isAllowedAwsUrl(fixture('valid_signature.json').SigningCertURL as string, true)).toBe(true);
    expect(strict.isAllowedAwsUrl('https://sns.eu-west-1.amazonaws.com.evil.example/x.pem', true)).toBe(false);
    expect(strict.isAllowedAwsUrl(fixture('valid_signature.json').SubscribeURL as string, false)).toBe(true);
    expect(strict.isAllowedAwsUrl('https://evil.example/?Action=ConfirmSubscription', false)).toBe(false);
  });

  it('fetches each certificate once', async () => {
    const verifier = new SnsMessageVerifier(options());
    const before = hits.filter((h) => h === '/rails.pem').length;
    await verifier.verify(local(fixture('inbound_email.json')));
    await verifier.verify(local(fixture('valid_signature.json')));
    expect(hits.filter((h) => h === '/rails.pem').length - before).toBe(1);
  });

  it('extracts the SNS-action content with envelope and verdicts, MessageId as dedupe key', async () => {
    const adapter = new SesWebhookAdapter(options(), new SnsMessageVerifier(options()));
    const message = local(fixture('inbound_email.json'));
    const receipt = await adapter.receive(
      webhookRequest(JSON.stringify(message), { 'content-type': 'text/plain; charset=UTF-8' }),
    );
    const [delivery] = receipt.deliveries;
    expect(delivery.raw.toString()).toBe(JSON.parse(message.Message as string).content);
    expect(delivery.providerEventId).toBe('abc12345-abc1-abc1-abc1-abc123456789');
    expect(delivery.envelope).toEqual({
      recipients: ['recipient@example.com'],
      mailFrom: 'sender@example.com',
      authenticationResults: 'spf=pass; dkim=pass; dmarc=gray',
      verdicts: { spf: 'PASS', dkim: 'PASS', dmarc: 'GRAY' },
      spamVerdict: 'PASS',
      virusVerdict: 'PASS',
    });
  });

  it('refuses a topic outside SES_SNS_TOPIC_ARNS and is unconfigured without any', async () => {
    const body = JSON.stringify(local(fixture('inbound_email.json')));
    const other = new SesWebhookAdapter(
      options(['arn:aws:sns:eu-west-1:111111111111:other-topic']),
      new SnsMessageVerifier(options()),
    );
    await expect(other.receive(webhookRequest(body, {}))).rejects.toMatchObject({ code: 'EGW_WEBHOOK_SIGNATURE' });
    const none = new SesWebhookAdapter(options([]), new SnsMessageVerifier(options()));
    await expect(none.receive(webhookRequest(body, {}))).rejects.toMatchObject({ code: 'EGW_WEBHOOK_NOT_CONFIGURED' });
  });
});
