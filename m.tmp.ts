import { createLexiconScorer } from './src/scoring/lexicon';
import { createContextDetector } from './src/scoring/context';
const s = createLexiconScorer(); const c = createContextDetector();
for (const t of process.argv.slice(2)) { const m = c.detect(t, s.match(t)); console.log(JSON.stringify(m.map(x => [x.text, x.start, x.end, x.context])), '→', c.modelText(t, m)); }
