/**
 * The condition grammar, as a chevrotain CstParser. Pure grammar: it builds a labelled CST
 * and knows nothing about fields, macros or lists; `toAst.ts` turns the CST into the AST.
 * The lexer (`lexer.ts`) has already decided, from context, whether a word is a field, an
 * identifier, an operator or a value, so every alternative here is LL(1).
 *
 * Grammar (EBNF), the same language as libsinsp's `filter/parser.h`; change both together:
 *
 *   condition      ::= orExpr
 *   orExpr         ::= andExpr ( 'or' andExpr )*
 *   andExpr        ::= notExpr ( 'and' notExpr )*
 *   notExpr        ::= 'not'* ( '(' orExpr ')' | check | IDENTIFIER | PARSED )
 *                                                       -- each 'not' toggles; IDENTIFIER = macro reference
 *   check          ::= ( field | transformer ) checkTail
 *   operand        ::= field | transformer              -- transformer arguments, output formats
 *   field          ::= FIELDNAME ( '[' fieldArg ']' )?
 *   fieldArg       ::= QUOTED | ARGBARE
 *   transformer    ::= TRANSFORMER '(' transformerArg ( ',' transformerArg )* ')'
 *   transformerArg ::= operand | QUOTED | NUMBER | listLiteral | PARSEDARGS
 *   transformerArgs ::= transformerArg ( ',' transformerArg )*   -- entry point for chunks only
 *   checkTail      ::= 'exists'
 *                    | NUMOP numValue                   -- <= < >= >
 *                    | STROP strValue                   -- == = != glob iglob contains icontains bcontains
 *                                                       -- startswith bstartswith endswith regex
 *                    | LISTOP listValue                 -- intersects in pmatch
 *   numValue       ::= transformer | NUMBER
 *   strValue       ::= MODIFIER modifierValue | transformer | QUOTED | BARE
 *   modifierValue  ::= listLiteral | IDENTIFIER
 *   listValue      ::= listLiteral | transformer | IDENTIFIER
 *   listLiteral    ::= '(' ( listItem ( ',' listItem )* )? ')'
 *   listItem       ::= QUOTED | BARE                    -- inlined in listLiteral
 *
 * Token regexes (applied by the lexer where the grammar expects them):
 *   FIELDNAME  [a-zA-Z]+[a-zA-Z0-9_]*(\.[a-zA-Z]+[a-zA-Z0-9_]*)+
 *   IDENTIFIER [a-zA-Z]+[a-zA-Z0-9_]*
 *   ARGBARE    [^][ "' blanks]+
 *   NUMBER     0[xX][0-9a-zA-Z]+ | [+-]?[0-9]+\.?[0-9]*([eE][+-][0-9]+)?
 *   BARE       [^()"' blanks=,]+
 *   QUOTED     "..." or '...' with escapes \b \f \n \r \t \\ \/ \" \' \xHH and \<space>
 *   TRANSFORMER tolower toupper b64 basename len join concat getopt (val on the right-hand
 *              side only), immediately followed by '('
 *   PARSED     not text: a placeholder for a deeply nested group parsed separately (see
 *              `chunks.ts`), so that recursion never goes deeper than a few dozen levels;
 *   PARSEDARGS the same for the arguments of a deeply nested transformer.
 *   blanks     space, tab, \b, CR, LF; 'and'/'or' need a blank or '(' after them, 'not' a
 *              blank or '('; word operators need a blank after them.
 */
import { CstParser, type CstNode, type IParserErrorMessageProvider } from 'chevrotain';
import * as T from './tokens';

/** Keys the error provider emits; `errors.ts` turns them into Falco's messages. */
export const NO_VIABLE_ALT = 'noViableAlt:';
export const MISMATCH = 'mismatch:';
export const NOT_ALL_INPUT = 'notAllInput';

const errorKeys: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected }) => MISMATCH + expected.name,
  buildNotAllInputParsedMessage: () => NOT_ALL_INPUT,
  buildNoViableAltMessage: ({ ruleName }) => NO_VIABLE_ALT + ruleName,
  buildEarlyExitMessage: ({ ruleName }) => NO_VIABLE_ALT + ruleName,
};

/** The grammar. Build one instance with `conditionParser` and reuse it. */
export class ConditionParser extends CstParser {
  constructor() {
    super(T.allTokens, { recoveryEnabled: true, errorMessageProvider: errorKeys, maxLookahead: 1 });
    this.performSelfAnalysis();
  }

  public condition = this.RULE('condition', () => {
    this.SUBRULE(this.orExpr, { LABEL: 'expr' });
  });

  public orExpr = this.RULE('orExpr', () => {
    this.SUBRULE(this.andExpr, { LABEL: 'children' });
    this.MANY(() => {
      this.CONSUME(T.Or, { LABEL: 'ops' });
      this.SUBRULE2(this.andExpr, { LABEL: 'children' });
    });
  });

  public andExpr = this.RULE('andExpr', () => {
    this.SUBRULE(this.notExpr, { LABEL: 'children' });
    this.MANY(() => {
      this.CONSUME(T.And, { LABEL: 'ops' });
      this.SUBRULE2(this.notExpr, { LABEL: 'children' });
    });
  });

  public notExpr = this.RULE('notExpr', () => {
    this.MANY(() => this.CONSUME(T.Not, { LABEL: 'nots' }));
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.LParen, { LABEL: 'open' });
          this.SUBRULE(this.orExpr, { LABEL: 'group' });
          this.CONSUME(T.RParen, { LABEL: 'close' });
        },
      },
      { ALT: () => this.SUBRULE(this.check, { LABEL: 'check' }) },
      { ALT: () => this.CONSUME(T.Identifier, { LABEL: 'identifier' }) },
      { ALT: () => this.CONSUME(T.Parsed, { LABEL: 'parsed' }) },
    ]);
  });

  public check = this.RULE('check', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.field, { LABEL: 'field' }) },
      { ALT: () => this.SUBRULE(this.transformer, { LABEL: 'transformer' }) },
    ]);
    this.SUBRULE(this.checkTail, { LABEL: 'tail' });
  });

  public operand = this.RULE('operand', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.field, { LABEL: 'field' }) },
      { ALT: () => this.SUBRULE(this.transformer, { LABEL: 'transformer' }) },
    ]);
  });

  public field = this.RULE('field', () => {
    this.CONSUME(T.FieldName, { LABEL: 'name' });
    this.OPTION(() => {
      this.CONSUME(T.LBracket, { LABEL: 'open' });
      this.SUBRULE(this.fieldArg, { LABEL: 'arg' });
      this.CONSUME(T.RBracket, { LABEL: 'close' });
    });
  });

  public fieldArg = this.RULE('fieldArg', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.QuotedString, { LABEL: 'quoted' }) },
      { ALT: () => this.CONSUME(T.FieldArg, { LABEL: 'bare' }) },
    ]);
  });

  public transformer = this.RULE('transformer', () => {
    this.CONSUME(T.TransformerName, { LABEL: 'name' });
    this.CONSUME(T.LParen, { LABEL: 'open' });
    this.SUBRULE(this.transformerArg, { LABEL: 'args' });
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.transformerArg, { LABEL: 'args' });
    });
    this.CONSUME(T.RParen, { LABEL: 'close' });
  });

  public transformerArg = this.RULE('transformerArg', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.operand, { LABEL: 'operand' }) },
      { ALT: () => this.CONSUME(T.QuotedString, { LABEL: 'quoted' }) },
      { ALT: () => this.CONSUME(T.NumberLiteral, { LABEL: 'number' }) },
      { ALT: () => this.SUBRULE(this.listLiteral, { LABEL: 'list' }) },
      { ALT: () => this.CONSUME(T.ParsedArgs, { LABEL: 'parsed' }) },
    ]);
  });

  /** The inside of a deeply nested transformer's parentheses, parsed apart (`chunks.ts`). */
  public transformerArgs = this.RULE('transformerArgs', () => {
    this.SUBRULE(this.transformerArg, { LABEL: 'args' });
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.transformerArg, { LABEL: 'args' });
    });
  });

  public checkTail = this.RULE('checkTail', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.UnaryOp, { LABEL: 'op' }) },
      {
        ALT: () => {
          this.CONSUME(T.NumOp, { LABEL: 'op' });
          this.SUBRULE(this.numValue, { LABEL: 'value' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.StrOp, { LABEL: 'op' });
          this.SUBRULE(this.strValue, { LABEL: 'value' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.ListOp, { LABEL: 'op' });
          this.SUBRULE(this.listValue, { LABEL: 'value' });
        },
      },
    ]);
  });

  public numValue = this.RULE('numValue', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.transformer, { LABEL: 'transformer' }) },
      { ALT: () => this.CONSUME(T.NumberLiteral, { LABEL: 'number' }) },
    ]);
  });

  public strValue = this.RULE('strValue', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Modifier, { LABEL: 'modifier' });
          this.SUBRULE(this.modifierValue, { LABEL: 'modified' });
        },
      },
      { ALT: () => this.SUBRULE(this.transformer, { LABEL: 'transformer' }) },
      { ALT: () => this.CONSUME(T.QuotedString, { LABEL: 'quoted' }) },
      { ALT: () => this.CONSUME(T.BareString, { LABEL: 'bare' }) },
    ]);
  });

  public modifierValue = this.RULE('modifierValue', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.listLiteral, { LABEL: 'list' }) },
      { ALT: () => this.CONSUME(T.Identifier, { LABEL: 'identifier' }) },
    ]);
  });

  public listValue = this.RULE('listValue', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.listLiteral, { LABEL: 'list' }) },
      { ALT: () => this.SUBRULE(this.transformer, { LABEL: 'transformer' }) },
      { ALT: () => this.CONSUME(T.Identifier, { LABEL: 'identifier' }) },
    ]);
  });

  public listLiteral = this.RULE('listLiteral', () => {
    this.CONSUME(T.LParen, { LABEL: 'open' });
    this.OPTION(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.QuotedString, { LABEL: 'items' }) },
        { ALT: () => this.CONSUME(T.BareString, { LABEL: 'items' }) },
      ]);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.OR2([
          { ALT: () => this.CONSUME2(T.QuotedString, { LABEL: 'items' }) },
          { ALT: () => this.CONSUME2(T.BareString, { LABEL: 'items' }) },
        ]);
      });
    });
    this.CONSUME(T.RParen, { LABEL: 'close' });
  });
}

/** The one parser instance, built on first use (self-analysis costs a few milliseconds). */
let instance: ConditionParser | undefined;

export function conditionParser(): ConditionParser {
  instance ??= new ConditionParser();
  return instance;
}

/**
 * Parses a token vector into a CST, starting at `rule` (`condition`, `orExpr` for the
 * inside of a group, `transformerArgs` for a transformer's arguments). The errors stay on the parser (`parser.errors`) until the next call.
 */
export function parseTokens(tokens: T.ConditionToken[], rule: StartRule = 'condition'): { cst: CstNode; parser: ConditionParser } {
  const parser = conditionParser();
  parser.input = tokens;
  const cst = parser[rule]();
  return { cst, parser };
}

/**
 * Where a parse can start: a whole condition, a group's inside, one operand of a long
 * top-level chain (`pieces.ts`), a transformer's arguments, or one operand (an output
 * format's `%` expression).
 */
export type StartRule = 'condition' | 'orExpr' | 'notExpr' | 'transformerArgs' | 'operand';
