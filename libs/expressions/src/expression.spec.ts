import { compileExpression, ExpressionError } from './expression';

describe('CEL expressions', () => {
  const vars = { amount: 'dyn', beneficiaryRefId: 'dyn', tags: 'dyn' } as const;

  it('evaluates a condition over declared variables', () => {
    const e = compileExpression('amount > 1000.0 || beneficiaryRefId == null', { variables: vars, resultType: 'bool' });
    expect(e.test({ amount: 1500, beneficiaryRefId: 'B1' })).toBe(true);
    expect(e.test({ amount: 999.5, beneficiaryRefId: 'B1' })).toBe(false);
    expect(e.test({ amount: 10, beneficiaryRefId: null })).toBe(true);
    expect(e.test({ amount: 10 })).toBe(true); // missing = null
  });

  it('reads lists and maps', () => {
    const e = compileExpression('"vip" in tags.list && tags.level >= 2', { variables: vars, resultType: 'bool' });
    expect(e.test({ tags: { list: ['vip'], level: 3 } })).toBe(true);
    expect(e.test({ tags: { list: ['x'], level: 3 } })).toBe(false);
  });

  it('compares decimal strings exactly', () => {
    const e = compileExpression('isDecimal(amount) && compareDecimal(amount, "500") < 0', { variables: vars });
    expect(e.test({ amount: '499.999999999999999999'.slice(0, 20) })).toBe(true);
    expect(e.test({ amount: '500.00' })).toBe(false);
    expect(e.test({ amount: 'abc' })).toBe(false);
  });

  it.each([
    ['syntax error', 'amount > ', 9],
    ['undeclared name', 'amount > 1 && balance < 5', 14],
    ['the upstream Spring EL', '!(@transferRepository.findById($id).orElseThrow().getBeneficiaryRefId() != null)', 2],
    ['a provable type error', '"a" + 1 == "a1"', 0],
  ])('refuses %s with its position', (_name, source, position) => {
    expect(() => compileExpression(source, { variables: vars })).toThrow(
      expect.objectContaining({ code: 'EXPRESSION_INVALID', position }),
    );
  });

  it('refuses a non-bool result and more than 1000 characters', () => {
    expect(() => compileExpression('"x"', { variables: vars, resultType: 'bool' })).toThrow(ExpressionError);
    const long = `amount == 1${' || amount == 1'.repeat(80)}`;
    expect(long.length).toBeGreaterThan(1000);
    expect(() => compileExpression(long, { variables: vars })).toThrow(
      expect.objectContaining({ code: 'EXPRESSION_INVALID', position: 1000 }),
    );
  });

  it('answers an evaluation error (never anything else) for a type mismatch at run time', () => {
    const e = compileExpression('amount > 1000', { variables: vars, resultType: 'bool' });
    expect(() => e.test({ amount: 'lots' })).toThrow(expect.objectContaining({ code: 'EXPRESSION_EVALUATION_FAILED' }));
    expect(() => e.test({ amount: { a: 1 } })).toThrow(ExpressionError);
    const s = compileExpression('amount', { variables: vars });
    expect(() => s.test({ amount: 'x' })).toThrow(expect.objectContaining({ code: 'EXPRESSION_EVALUATION_FAILED' }));
  });
});
