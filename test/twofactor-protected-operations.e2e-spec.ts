import { FakeClock, SmtpSink, TestApp } from '@app/testing';
import { startApiServer } from './support/api-server';
import {
  BackOfficeUser,
  TFA_HEADER,
  bearer,
  codeIn,
  createBackOfficeUser,
  createRole,
  login,
} from './support/twofactor-client';

/** The seed's Spring EL (bean references): not CEL, refused with the position of the '@'. */
const SEED_EXPRESSION = '!(@transferRepository.findById($id).orElseThrow().getBeneficiaryRefId() != null)';

describe('/v1 OTP-protected operations (CEL), evaluation and operation-bound codes', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  const clock = new FakeClock('2026-03-02T09:00:00.000Z');
  let manager: BackOfficeUser;
  let session: string;
  let tfa: string;
  let client: { clientId: string; secret: string };

  const mailTo = (user: BackOfficeUser) => smtp.messages.filter((m) => m.to.includes(user.email!));
  const manage = () => ({ Authorization: bearer(session), [TFA_HEADER]: tfa });
  const evaluate = (body: object) =>
    t.http
      .post('/v1/otpProtectedOperation/evaluate')
      .set('Authorization', t.basic(client.clientId, client.secret))
      .send(body);

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    t = await startApiServer({ clock, env: { SMTP_URL: smtp.url, MAIL_FROM: 'stepwise@bank.example' } });
    const role = await createRole(t, ['MANAGE_OTP_PROTECTED_OPERATION']);
    manager = await createBackOfficeUser(t, ['BACK_OFFICE', role]);
    session = await login(t, manager);
    await t.http.post('/v1/twofactor').set('Authorization', bearer(session)).send({ deliveryMethod: 'EMAIL' });
    const res = await t.http
      .post('/v1/twofactor/validate')
      .set('Authorization', bearer(session))
      .send({ deliveryMethod: 'EMAIL', token: codeIn(mailTo(manager).at(-1)!.text) });
    tfa = res.body.token;
    client = await t.createClient(['two-factor']);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('creates, lists (seed shape), reads, updates and deletes', async () => {
    const create = await t.http
      .post('/v1/otpProtectedOperation')
      .set(manage())
      .send({ operation: 'closeAccount', expression: 'id != null', expressionParam: '$id', enable: true });
    expect(create.status).toBe(200);
    expect(create.body).toEqual({ resourceId: expect.any(Number) });
    const id = create.body.resourceId as number;

    const list = await t.http.get('/v1/otpProtectedOperation?offset=0&limit=200').set(manage());
    expect(list.status).toBe(200);
    expect(Object.keys(list.body)).toEqual(['totalFilteredRecords', 'pageItems']);
    expect(list.body.pageItems).toContainEqual({
      id,
      operation: 'closeAccount',
      expression: 'id != null',
      expressionParam: '$id',
      enable: true,
    });
    expect(list.body.totalFilteredRecords).toBe(list.body.pageItems.length);

    const update = await t.http
      .put(`/v1/otpProtectedOperation/${id}`)
      .set(manage())
      .send({ expression: '!(transferId == null)', expressionParam: '$transferId', enable: false });
    expect(update.status).toBe(200);
    expect(update.body).toEqual({
      id,
      operation: 'closeAccount',
      expression: '!(transferId == null)',
      expressionParam: '$transferId',
      enable: false,
    });
    expect((await t.http.get(`/v1/otpProtectedOperation/${id}`).set(manage())).body).toEqual(update.body);

    const removed = await t.http.delete(`/v1/otpProtectedOperation/${id}`).set(manage());
    expect(removed.body).toEqual({ resourceId: id });
    const gone = await t.http.get(`/v1/otpProtectedOperation/${id}`).set(manage());
    expect(gone.status).toBe(404);
    expect(gone.body.userMessageGlobalisationCode).toBe('error.msg.otp.protected.operation.id.invalid');
  });

  it('refuses expressions that do not compile, read undeclared names or exceed 1000 characters', async () => {
    const post = (body: object) => t.http.post('/v1/otpProtectedOperation').set(manage()).send(body);
    const seed = await post({
      operation: 'submitTransfer',
      expression: SEED_EXPRESSION,
      expressionParam: '$id',
      enable: true,
    });
    expect(seed.status).toBe(400);
    expect(seed.body).toMatchObject({
      httpStatusCode: '400',
      userMessageGlobalisationCode: 'validation.msg.validation.errors.exist',
      errors: [
        {
          parameterName: 'expression',
          userMessageGlobalisationCode: 'validation.msg.otpProtectedOperation.expression.invalid',
          position: 2,
        },
      ],
    });
    expect(seed.body.errors[0].developerMessage).toContain('position 2');
    const undeclared = await post({
      operation: 'submitTransfer',
      expression: 'amount > 10 && balance < 5',
      expressionParam: 'amount',
      enable: true,
    });
    expect(undeclared.status).toBe(400);
    expect(undeclared.body.errors[0]).toMatchObject({ parameterName: 'expression', position: 15 });
    const long = await post({
      operation: 'submitTransfer',
      expression: `amount == 1${' || amount == 2'.repeat(80)}`,
      expressionParam: 'amount',
      enable: true,
    });
    expect(long.status).toBe(400);
    expect(long.body.errors[0].position).toBe(1000);
    const typeError = await post({
      operation: 'submitTransfer',
      expression: '"a" + 1 == "a1"',
      expressionParam: '',
      enable: true,
    });
    expect(typeError.status).toBe(400);
    const notBool = await post({
      operation: 'submitTransfer',
      expression: 'amount + 1',
      expressionParam: 'amount',
      enable: true,
    });
    expect(notBool.status).toBe(400);
    const badBody = await post({ operation: 'submit transfer', enable: 'yes' });
    expect(badBody.status).toBe(400);
    expect(badBody.body.errors.map((e: { parameterName: string }) => e.parameterName).sort()).toEqual([
      'enable',
      'operation',
    ]);
    const existing = await post({
      operation: 'approveLoan',
      expression: 'id != null',
      expressionParam: '$id',
      enable: true,
    });
    expect(existing.status).toBe(200);
    const seedUpdate = await t.http
      .put(`/v1/otpProtectedOperation/${existing.body.resourceId}`)
      .set(manage())
      .send({ expression: SEED_EXPRESSION });
    expect(seedUpdate.status).toBe(400);
    expect(seedUpdate.body.errors).toEqual([expect.objectContaining({ parameterName: 'expression', position: 2 })]);
    // Optional is not nullable: a null expression or parameter list is refused, not ignored.
    for (const body of [{ expression: null }, { expressionParam: null }, { enable: null }]) {
      const nulled = await t.http.put(`/v1/otpProtectedOperation/${existing.body.resourceId}`).set(manage()).send(body);
      expect([nulled.status, nulled.body.errors?.[0]?.parameterName]).toEqual([400, Object.keys(body)[0]]);
    }
    const unchanged = await t.http.get(`/v1/otpProtectedOperation/${existing.body.resourceId}`).set(manage());
    expect(unchanged.body.expression).toBe('id != null');
  });

  it('refuses unknown body fields (upstream: error.msg.parameter.unsupported) and bad paging', async () => {
    const unsupported = (name: string) => [
      {
        developerMessage: `The parameter ${name} is not supported.`,
        defaultUserMessage: `The parameter ${name} is not supported.`,
        userMessageGlobalisationCode: 'error.msg.parameter.unsupported',
        parameterName: name,
      },
    ];
    const created = await t.http
      .post('/v1/otpProtectedOperation')
      .set(manage())
      .send({ operation: 'payBill', expression: '', expressionParam: '', enable: true, priority: 1 });
    expect([created.status, created.body.errors]).toEqual([400, unsupported('priority')]);
    const rule = await t.http
      .post('/v1/otpProtectedOperation')
      .set(manage())
      .send({ operation: 'payBill', expression: '', expressionParam: '', enable: false });
    const updated = await t.http
      .put(`/v1/otpProtectedOperation/${rule.body.resourceId}`)
      .set(manage())
      .send({ enable: true, enabled: true });
    expect([updated.status, updated.body.errors]).toEqual([400, unsupported('enabled')]);
    expect((await t.http.get(`/v1/otpProtectedOperation/${rule.body.resourceId}`).set(manage())).body.enable).toBe(
      false,
    );
    const evaluated = await evaluate({ operation: 'payBill', userId: manager.userId, parameters: {}, channel: 'web' });
    expect([evaluated.status, evaluated.body.errors]).toEqual([400, unsupported('channel')]);
    for (const [query, name] of [
      ['offset=-1', 'offset'],
      ['limit=abc', 'limit'],
      ['limit=0', 'limit'],
    ]) {
      const page = await t.http.get(`/v1/otpProtectedOperation?${query}`).set(manage());
      expect(page.status).toBe(400);
      expect(page.body).toMatchObject({
        httpStatusCode: '400',
        userMessageGlobalisationCode: 'validation.msg.validation.errors.exist',
      });
      expect(page.body.errors.map((e: { parameterName: string }) => e.parameterName)).toContain(name);
    }
    // Unknown query keys are ignored, as upstream.
    expect((await t.http.get('/v1/otpProtectedOperation?orderBy=id').set(manage())).status).toBe(200);
  });

  it('needs the permission and the second factor to manage', async () => {
    const noTfa = await t.http.get('/v1/otpProtectedOperation').set('Authorization', bearer(session));
    expect(noTfa.status).toBe(403);
    expect(noTfa.body.userMessageGlobalisationCode).toBe('error.msg.twofactor.required');
    const clerk = await createBackOfficeUser(t, ['BACK_OFFICE']);
    const s = await login(t, clerk);
    const denied = await t.http.get('/v1/otpProtectedOperation').set('Authorization', bearer(s));
    expect(denied.status).toBe(403);
    expect(denied.body.userMessageGlobalisationCode).toBe('error.msg.not.authorized.to.MANAGE_OTP_PROTECTED_OPERATION');
  });

  it('evaluates for API clients: matching rules, missing parameters and run-time type errors are 400', async () => {
    const rule = await t.http.post('/v1/otpProtectedOperation').set(manage()).send({
      operation: 'payBill',
      expression: 'amount > 1000.0 || beneficiaryRefId == null',
      expressionParam: '$amount, $beneficiaryRefId',
      enable: true,
    });
    const disabled = await t.http
      .post('/v1/otpProtectedOperation')
      .set(manage())
      .send({ operation: 'payBill', expression: '', expressionParam: '', enable: false });
    expect(disabled.status).toBe(200);
    const id = rule.body.resourceId;
    const user = await createBackOfficeUser(t, ['BACK_OFFICE']);
    expect(
      (
        await evaluate({
          operation: 'payBill',
          userId: user.userId,
          parameters: { amount: 1500, beneficiaryRefId: 'B-1' },
        })
      ).body,
    ).toEqual({
      otpRequired: true,
      satisfied: false,
      ruleIds: [id],
    });
    expect(
      (
        await evaluate({
          operation: 'payBill',
          userId: user.userId,
          parameters: { amount: 99.5, beneficiaryRefId: 'B-1' },
        })
      ).body,
    ).toEqual({
      otpRequired: false,
      satisfied: true,
      ruleIds: [],
    });
    expect(
      (await evaluate({ operation: 'payBill', userId: user.userId, parameters: { amount: 5, beneficiaryRefId: null } }))
        .body.otpRequired,
    ).toBe(true);
    expect((await evaluate({ operation: 'unprotected', userId: user.userId, parameters: {} })).body).toEqual({
      otpRequired: false,
      satisfied: true,
      ruleIds: [],
    });

    const missing = await evaluate({ operation: 'payBill', userId: user.userId, parameters: { amount: 5 } });
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].parameterName).toBe('parameters.beneficiaryRefId');
    const typeError = await evaluate({
      operation: 'payBill',
      userId: user.userId,
      parameters: { amount: 'lots', beneficiaryRefId: 'B-1' },
    });
    expect(typeError.status).toBe(400);
    expect(typeError.body.errors[0].userMessageGlobalisationCode).toBe(
      'validation.msg.otpProtectedOperation.expression.evaluation.failed',
    );
    const noParams = await evaluate({ operation: 'payBill', userId: user.userId });
    expect(noParams.status).toBe(400);

    const wrongScope = await t.createClient(['admin']);
    const denied = await t.http
      .post('/v1/otpProtectedOperation/evaluate')
      .set('Authorization', t.basic(wrongScope.clientId, wrongScope.secret))
      .send({ operation: 'payBill', userId: user.userId, parameters: {} });
    expect(denied.status).toBe(403);
    const asUser = await t.http
      .post('/v1/otpProtectedOperation/evaluate')
      .set(manage())
      .send({ operation: 'payBill', userId: user.userId, parameters: {} });
    expect(asUser.status).toBe(401);

    const bypassRole = await createRole(t, ['BYPASS_TWOFACTOR']);
    const vip = await createBackOfficeUser(t, [bypassRole]);
    const bypassed = await evaluate({
      operation: 'payBill',
      userId: vip.userId,
      parameters: { amount: 1500, beneficiaryRefId: 'B-1' },
    });
    expect(bypassed.body).toEqual({ otpRequired: false, satisfied: true, ruleIds: [id], bypassed: true });
    const audit = await t.http
      .get(`/admin/audit-events?userId=${vip.userId}&type=twofactor.bypass.used`)
      .set('Authorization', t.adminAuth());
    expect(audit.body.items[0]).toMatchObject({
      clientId: client.clientId,
      data: { operation: 'payBill', ruleCount: 1 },
    });
  });

  it('binds a code to an operation and its values; the operation token satisfies evaluate once', async () => {
    await t.http
      .post('/v1/otpProtectedOperation')
      .set(manage())
      .send({ operation: 'submitTransfer', expression: 'amount > 1000.0', expressionParam: '$amount', enable: true });
    const user = await createBackOfficeUser(t, ['BACK_OFFICE']);
    const s = await login(t, user);
    const parameters = { amount: 1500, beneficiaryRefId: 'B-17' };
    const request = await t.http
      .post('/v1/twofactor')
      .set('Authorization', bearer(s))
      .send({ deliveryMethod: 'EMAIL', operation: 'submitTransfer', parameters });
    expect(request.status).toBe(200);
    const text = mailTo(user).at(-1)!.text;
    expect(text).toContain('Operation: submitTransfer\namount: 1500\nbeneficiaryRefId: B-17');
    const code = codeIn(text);
    const validate = (body: object) => t.http.post('/v1/twofactor/validate').set('Authorization', bearer(s)).send(body);

    expect((await validate({ deliveryMethod: 'EMAIL', token: code })).status).toBe(403); // not a login code
    expect(
      (
        await validate({
          deliveryMethod: 'EMAIL',
          token: code,
          operation: 'submitTransfer',
          parameters: { ...parameters, amount: 1501 },
        })
      ).status,
    ).toBe(403);
    const bound = await validate({ deliveryMethod: 'EMAIL', token: code, operation: 'submitTransfer', parameters });
    expect(bound.status).toBe(200);
    expect(Object.keys(bound.body)).toEqual(['operationToken', 'validTo', 'validFrom']);
    expect(bound.body).not.toHaveProperty('token');
    const operationToken = bound.body.operationToken as string;

    const changed = await evaluate({
      operation: 'submitTransfer',
      userId: user.userId,
      parameters: { ...parameters, beneficiaryRefId: 'B-99' },
      operationToken,
    });
    expect(changed.body).toMatchObject({ otpRequired: true, satisfied: false });
    const other = await createBackOfficeUser(t, ['BACK_OFFICE']);
    expect(
      (await evaluate({ operation: 'submitTransfer', userId: other.userId, parameters, operationToken })).body
        .satisfied,
    ).toBe(false);
    const first = await evaluate({ operation: 'submitTransfer', userId: user.userId, parameters, operationToken });
    expect(first.body).toMatchObject({ otpRequired: true, satisfied: true });
    const second = await evaluate({ operation: 'submitTransfer', userId: user.userId, parameters, operationToken });
    expect(second.body).toMatchObject({ otpRequired: true, satisfied: false });
    expect(JSON.stringify(second.body)).not.toContain(operationToken);
    expect(t.logs.text()).not.toContain(operationToken);
    expect(t.logs.text()).not.toContain(code);

    // Five minutes, then it is worth nothing.
    clock.advanceSeconds(31);
    await t.http
      .post('/v1/twofactor')
      .set('Authorization', bearer(s))
      .send({ deliveryMethod: 'EMAIL', operation: 'submitTransfer', parameters });
    const late = await validate({
      deliveryMethod: 'EMAIL',
      token: codeIn(mailTo(user).at(-1)!.text),
      operation: 'submitTransfer',
      parameters,
    });
    expect(late.status).toBe(200);
    clock.advanceSeconds(301);
    const expired = await evaluate({
      operation: 'submitTransfer',
      userId: user.userId,
      parameters,
      operationToken: late.body.operationToken,
    });
    expect(expired.body.satisfied).toBe(false);
  });
});
