export { ExpressionError, compileExpression, isValidVariableName } from './expression';
export type { CompiledExpression, ExpressionType } from './expression';
