import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { z } from 'zod';
import { MESSAGES, zhCN, zodIssue } from './error-texts.zh-CN';
import { AppError, ConflictError, ForbiddenError, NotFoundError, ProcessTimeoutError, ValidationError, localize } from './errors';

const ROOT = join(__dirname, '..', '..');
const ERROR_CLASSES = new Set([
  'ValidationError',
  'NotFoundError',
  'ForbiddenError',
  'ConflictError',
  'UnauthorizedError',
  'ServiceUnavailableError',
  'AppError',
]);
/** Where a class takes its message (the details follow it). */
const MESSAGE_ARGUMENT: Record<string, number> = { AppError: 2 };
/** Helpers that throw a message they are given: its argument. */
const MESSAGE_HELPERS: Record<string, number> = { invalid: 1, fieldError: 1, assertInScope: 2, loadUnitInScope: 3, notForYou: 2 };
/** Functions whose returned texts are a reason an error gives (api/tasks/service.ts), and a process's refusal of a task completion (`refuse:`). */
const REASONS = new Set(['ineligibility', 'notForYou', 'refuse']);
/** Errors a workflow throws that are a programmer's, never a reader's (a launcher started without its input). */
const NOT_FOR_READERS = new Set(['the launcher takes a scheduled cycle', 'a cycle needs its request (schedules start AssessmentCycleLauncherWorkflow)']);
/** Helpers that put what they are given into a message of their own (api/org/common.ts, api/inspections/common.ts). */
const WHAT_HELPERS: Record<string, [number, (what: string) => string]> = {
  uniqueOr409: [1, (what) => `${what} is already in use`],
  assertCodeFree: [2, (what) => `${what} code 1 is already in use`],
  frozenConflict: [
    1,
    (what) =>
      `${what} is already part of the published scores of assessment cycle 2026-11 (1); it cannot change. Correct the score with a manual adjustment instead.`,
  ],
};
/** zod calls whose options object may carry a message of the schema's own. */
const ZOD_CALLS = new Set([
  'refine',
  'superRefine',
  'addIssue',
  'literal',
  'datetime',
  'date',
  'min',
  'max',
  'regex',
  'length',
  'int',
  'positive',
  'nonnegative',
  'enum',
  'check',
]);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return path.includes('node_modules') ? [] : sources(path);
    return /\.ts$/.test(e.name) && !/\.(test|spec|d)\.ts$/.test(e.name) ? [path] : [];
  });
}

/** The texts an expression can be: a literal, each branch of a choice; a template with `1` for what it fills in (each branch when that is a choice of literals). */
function texts(e: ts.Expression | undefined): string[] {
  if (!e) return [];
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return [e.text];
  if (ts.isTemplateExpression(e))
    return e.templateSpans.reduce((heads, span) => heads.flatMap((h) => filled(span.expression).map((f) => h + f + span.literal.text)), [e.head.text]);
  if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e)) return texts(e.expression);
  if (ts.isConditionalExpression(e)) return [...texts(e.whenTrue), ...texts(e.whenFalse)];
  if (ts.isBinaryExpression(e) && [ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken].includes(e.operatorToken.kind))
    return [...texts(e.left), ...texts(e.right)];
  return [];
}
function filled(e: ts.Expression): string[] {
  if (ts.isParenthesizedExpression(e)) return filled(e.expression);
  if (ts.isConditionalExpression(e)) return [...filled(e.whenTrue), ...filled(e.whenFalse)];
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e) || ts.isTemplateExpression(e)) return texts(e);
  return ['1'];
}

/** The texts a function returns (not those of functions inside it). */
function returned(f: ts.Node): string[] {
  if (ts.isArrowFunction(f) && !ts.isBlock(f.body)) return texts(f.body);
  const found: string[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isReturnStatement(n)) found.push(...texts(n.expression));
    if (!ts.isFunctionLike(n)) ts.forEachChild(n, visit);
  };
  if (ts.isFunctionLike(f)) ts.forEachChild(f, visit);
  return found;
}

const property = (o: ts.ObjectLiteralExpression, name: string) =>
  o.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText() === name)?.initializer;
const hasProperty = (o: ts.ObjectLiteralExpression, name: string) => o.properties.some((p) => p.name?.getText() === name);
const issueTexts = (e: ts.Expression | undefined) =>
  e && ts.isArrayLiteralExpression(e) ? e.elements.flatMap((x) => (ts.isObjectLiteralExpression(x) ? texts(property(x, 'message')) : [])) : [];
const calleeName = (c: ts.Expression) => (ts.isIdentifier(c) ? c.text : ts.isPropertyAccessExpression(c) ? c.name.text : '');

interface Thrown {
  message: string;
  where: string;
  /** A word the helper put into the message, which the Chinese must not keep. */
  what?: string;
}

/**
 * Every literal message the sources of api/, domain/, activities/ and workflows/ give an error:
 * the messages and field issues of the error classes, of the helpers that make them, the field
 * issues built apart (`{ path | field, message }`), a schema's own zod messages, the reasons the
 * task service gives and a process's refusals of an update (its thrown errors, `refuse:`).
 */
function thrownMessages(): Thrown[] {
  const found: Thrown[] = [];
  for (const file of ['api', 'domain', 'activities', 'workflows'].flatMap((d) => sources(join(ROOT, d)))) {
    const workflow = relative(ROOT, file).startsWith('workflows');
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const where = (node: ts.Node) => `${relative(ROOT, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    // A text of nothing but what it fills in (a username) is not a message to translate.
    const add = (messages: string[], node: ts.Node) =>
      messages.filter((m) => /[A-Za-z]/.test(m)).forEach((message) => found.push({ message, where: where(node) }));
    const visit = (node: ts.Node): void => {
      if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && ERROR_CLASSES.has(node.expression.text)) {
        const at = MESSAGE_ARGUMENT[node.expression.text] ?? 0;
        const args = node.arguments ?? [];
        if (node.expression.text === 'ValidationError') add([...issueTexts(args[0]), ...texts(args[1])], node);
        else add([...texts(args[at]), ...issueTexts(args[at + 1])], node);
      }
      // A process refuses an update by throwing: the API answers 409 with its message.
      if (workflow && ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'Error' && ts.isThrowStatement(node.parent))
        add(
          texts(node.arguments?.[0]).filter((m) => !NOT_FOR_READERS.has(m)),
          node,
        );
      const reason = (ts.isMethodDeclaration(node) || ts.isPropertyAssignment(node)) && REASONS.has(node.name.getText()) ? node : undefined;
      if (reason) add(returned(ts.isMethodDeclaration(reason) ? reason : reason.initializer), reason);
      if (ts.isCallExpression(node)) {
        const name = calleeName(node.expression);
        if (Object.hasOwn(MESSAGE_HELPERS, name)) add(texts(node.arguments[MESSAGE_HELPERS[name]]), node);
        if (Object.hasOwn(WHAT_HELPERS, name)) {
          const [at, message] = WHAT_HELPERS[name];
          for (const what of texts(node.arguments[at])) found.push({ message: message(what), where: where(node), what });
        }
        if (ZOD_CALLS.has(name) && ts.isPropertyAccessExpression(node.expression)) {
          for (const a of node.arguments) if (ts.isObjectLiteralExpression(a)) add([...texts(property(a, 'message')), ...texts(property(a, 'error'))], a);
          if (name === 'refine') add(texts(node.arguments[1]), node);
        }
      }
      if (ts.isObjectLiteralExpression(node) && hasProperty(node, 'message') && ['path', 'field', 'code'].some((p) => hasProperty(node, p)))
        add(texts(property(node, 'message')), node);
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

describe('the Chinese error catalogue', () => {
  it('translates every message the API can send (a new English-only message fails here: add it to api/platform/error-texts.zh-CN.ts)', () => {
    const thrown = thrownMessages();
    expect(thrown.length).toBeGreaterThan(250); // the scan still finds the throw sites
    const missing = thrown.filter((t) => {
      const chinese = zhCN(t.message);
      return chinese === undefined || (t.what !== undefined && chinese.includes(t.what));
    });
    expect(missing.map((t) => `${t.where}: ${JSON.stringify(t.message)}${t.what ? ` (the words ${JSON.stringify(t.what)})` : ''}`)).toEqual([]);
  });

  it('is Chinese: every entry has Chinese characters and no English sentence left in it', () => {
    const notChinese = Object.entries(MESSAGES).filter(([, zh]) => !/[\u4e00-\u9fff]/.test(zh) || /\b[a-z]{3,} [a-z]{3,} [a-z]{3,}\b/.test(zh));
    expect(notChinese).toEqual([]);
  });

  it('fills a pattern with what the message names, as it was', () => {
    expect(zhCN('the content is not a image/png file')).toBe('内容不是 image/png 文件');
    expect(zhCN('Employee number E-0042 is already in use')).toBe('工号 E-0042 已被使用');
    expect(zhCN('a workshop cannot sit under a plant (only under a department or plant)')).toBe('车间不能位于工厂之下（只能位于部门或工厂之下）');
    expect(zhCN('The unit still has 2 child units, 1 posts; move or delete them first')).toBe('该单位还有2个下级单位、1个岗位，请先移走或删除');
    expect(zhCN('The process refused: The task is closed')).toBe('流程拒绝了此操作：该任务已关闭');
    expect(zhCN('The process refused: the permit is issued: it cannot resume')).toBe('流程拒绝了此操作：作业许可处于“已签发”状态，不能恢复');
    expect(zhCN('wang.wei could not have been given "Grade hazard": it is for the safety_officer role')).toBe(
      'wang.wei 不能承接“Grade hazard”：该任务属于“安全管理”角色',
    );
    expect(zhCN('Something nobody wrote down')).toBeUndefined();
  });
});

describe('zod’s own messages in Chinese', () => {
  it('words the common issues plainly, the rarer ones as zod’s zh-CN locale does', () => {
    const schema = z
      .object({
        id: z.uuid(),
        name: z.string().trim().min(1).max(3),
        code: z.string().min(3),
        count: z.number().int().min(1).max(9),
        tags: z.array(z.string()).min(1),
        kind: z.enum(['area', 'equipment']),
        ok: z.boolean(),
        missing: z.string(),
        code2: z.string().regex(/^[A-Z]+$/),
        step: z.number().multipleOf(5),
      })
      .strict();
    const input = { id: 'x', name: 'abcd', code: 'ab', count: 0, tags: [], kind: 'pump', ok: 'yes', code2: 'a1', step: 3, extra: 1 };
    const r = schema.safeParse(input, { reportInput: true });
    expect(Object.fromEntries(r.error!.issues.map((i) => [i.path.join('.') || '(object)', zodIssue(i)]))).toEqual({
      id: 'UUID格式不正确',
      name: '最多 3 个字符',
      code: '至少 3 个字符',
      count: '不能小于 1',
      tags: '至少 1 项',
      kind: '应为以下之一："area"、"equipment"',
      ok: '应为是或否（true/false）',
      missing: '必填',
      code2: '格式不正确',
      step: '必须是 5 的倍数',
      '(object)': '不认识的字段："extra"',
    });
    // zod's English for the same issues (a zod error mapped outside the routes' validation) reads the same through the catalogue.
    for (const i of r.error!.issues) expect([i.message, zhCN(i.message)]).toEqual([i.message, zodIssue(i)]);
    expect(zodIssue(schema.safeParse({ ...input, name: ' ' }, { reportInput: true }).error!.issues.find((i) => i.path[0] === 'name')!)).toBe('不能为空');
  });
});

describe('an error in the reader’s language', () => {
  it('English by default, Chinese from the catalogue when asked', () => {
    const e = new NotFoundError('No such hazard');
    expect(e.toJSON()).toEqual({ error: { code: 'not_found', message: 'No such hazard' } });
    expect(e.toJSON('zh-CN')).toEqual({ error: { code: 'not_found', message: '没有这个隐患' } });
    expect(new ForbiddenError().toJSON('zh-CN').error.message).toBe('您无权执行此操作');
    expect(new ProcessTimeoutError(30).toJSON('zh-CN').error.message).toMatch(/^流程未在 30 秒内响应/);
  });

  it('composes a validation error again in Chinese, field paths kept, each detail translated (zod’s own Chinese first)', () => {
    const e = new ValidationError([
      { path: 'params.id', message: 'Invalid UUID', translations: { 'zh-CN': '无效UUID' } },
      { path: 'body.orgUnitId', message: 'no such org unit' },
    ]);
    expect(e.toJSON()).toEqual({
      error: {
        code: 'validation_failed',
        message: 'Invalid request: params.id: Invalid UUID; body.orgUnitId: no such org unit',
        details: [
          { path: 'params.id', message: 'Invalid UUID' },
          { path: 'body.orgUnitId', message: 'no such org unit' },
        ],
      },
    });
    expect(e.toJSON('zh-CN')).toEqual({
      error: {
        code: 'validation_failed',
        message: '请求无效：params.id：无效UUID；body.orgUnitId：没有这个组织单位',
        details: [
          { path: 'params.id', message: '无效UUID' },
          { path: 'body.orgUnitId', message: '没有这个组织单位' },
        ],
      },
    });
  });

  it('an error’s own translation wins; a message the catalogue lacks stays English', () => {
    const own = new ConflictError('A welding certificate numbered W-1 is already in the register', [{ path: 'body.number', message: 'already in use' }]);
    own.translations = { 'zh-CN': '登记册中已有编号为 W-1 的同类证书' };
    expect(own.toJSON('zh-CN').error).toEqual({
      code: 'conflict',
      message: '登记册中已有编号为 W-1 的同类证书',
      details: [{ path: 'body.number', message: '已被使用' }],
    });
    expect(new AppError(418, 'teapot', 'I am a teapot').toJSON('zh-CN').error.message).toBe('I am a teapot');
    expect(new ValidationError([{ path: 'body', message: 'x' }], 'A message of its own').toJSON('zh-CN').error.message).toBe('A message of its own');
    expect(localize('No such task', 'en')).toBe('No such task');
  });
});
