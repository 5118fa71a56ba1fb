"""usage: precision.py SET=DIR... -- precision per category of all results, from every verdict file
(judged-s4 sample, /work/judging/s5-verdicts-*.tsv, /work/helpers/verdicts-s5*.tsv); unjudged listed."""
import json, glob, os, re, sys
from collections import Counter, defaultdict
PRIMARY = {}
for f in glob.glob('/work/main/eval/labels-*/README.md'):
    for line in open(f):
        m = re.match(r"^\| [\w.-]+/[\w.-]+ \(`([\w.-]+)`\) \|[^|]*\| ([a-z-]+)", line)
        if m: PRIMARY[m.group(1)] = m.group(2)
RESIDENCY = {'eu-residency-unavailable', 'region-outside-policy', 'region-left-to-default', 'inference-geo-missing', 'inference-geo-outside-policy'}
def category(repo, rule):
    p = PRIMARY.get(repo, '?')
    if rule.startswith('phi'): return 'health'
    if rule in RESIDENCY: return 'langchain' if p == 'langchain' else 'bedrock-vertex'
    if rule == 'prompt-logged': return p
    return 'other'
def norm(repo, path):
    path = path.split('/work/eval-trees/')[-1]
    if path.startswith(('blind', 'heldout')): path = path.split('/', 2)[-1] if path.split('/')[1] == repo else path.split('/', 1)[-1]
    if path.startswith(repo + '/'): path = path[len(repo) + 1:]
    return path
verdicts = {}
files = sorted(glob.glob('/work/main/eval/judged-s4/precision-sample*.tsv')) + sorted(glob.glob('/work/judging/s5-verdicts-*.tsv')) + sorted(glob.glob('/work/helpers/verdicts-s5*.tsv'))
for tsv in files:
    for line in open(tsv):
        p = line.rstrip('\n').split('\t')
        if len(p) < 5 or not p[0].strip().isdigit(): continue
        verdicts[(p[1], norm(p[1], p[2]), p[3])] = (p[4].strip(), p[5] if len(p) > 5 else '')
counts = defaultdict(Counter); unjudged = []
for arg in sys.argv[1:]:
    name, d = arg.split('=', 1)
    for f in sorted(glob.glob(d + '/*.json')):
        repo = os.path.basename(f)[:-5]
        for r in json.load(open(f))['findings']:
            key = (repo, norm(repo, f"{r['path']}:{r['line']}"), r['rule_id'])
            v = verdicts.get(key)
            c = category(repo, r['rule_id'])
            counts[c][v[0] if v else 'UNJUDGED'] += 1
            counts['all'][v[0] if v else 'UNJUDGED'] += 1
            if not v: unjudged.append((name, repo, f"{r['path']}:{r['line']}", r['rule_id'], r['message'][:160].replace('\t', ' ')))
print('| category | results | worth | debatable | not worth | unjudged | strict | lenient |')
print('|---|---|---|---|---|---|---|---|')
for c in ['health', 'bedrock-vertex', 'langchain', 'other', 'all']:
    k = counts.get(c)
    if not k: continue
    n = sum(k.values()); j = n - k['UNJUDGED']
    s = k['worth'] / j if j else 0; l = (k['worth'] + k['debatable']) / j if j else 0
    print(f"| {c} | {n} | {k['worth']} | {k['debatable']} | {k['not worth']} | {k['UNJUDGED']} | {s:.2f} | {l:.2f} |")
if '--unjudged' in os.environ.get('SHOW', ''):
    pass
with open('/tmp/unjudged.tsv', 'w') as o:
    for i, u in enumerate(unjudged, 1): o.write('\t'.join((str(i),) + u[1:]) + '\n')
print(f'{len(unjudged)} unjudged -> /tmp/unjudged.tsv')
