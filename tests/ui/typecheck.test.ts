/** The page's plain ES modules carry JSDoc types (// @ts-check): they type-check strictly, as `npx tsc -p src/ui` does. */
import { join } from 'node:path';
import ts from 'typescript';

test('src/ui type-checks (strict, DOM)', () => {
  const dir = join(__dirname, '..', '..', 'src', 'ui');
  const configPath = join(dir, 'tsconfig.json');
  const read = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, dir);
  const program = ts.createProgram(parsed.fileNames, parsed.options);
  const problems = ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file && d.start !== undefined ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}` : '';
    return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
  expect(parsed.fileNames.length).toBeGreaterThanOrEqual(5);
  expect(problems).toEqual([]);
});
