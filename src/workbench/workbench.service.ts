import { Inject, Injectable, Logger } from '@nestjs/common';
import JSZip from 'jszip';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CandidatesService } from '../candidates/candidates.service.js';
import { ImpactJobsService } from '../candidates/impact-jobs.service.js';
import { diffStandards, type RulesetChange } from '../committee/diff.js';
import type { ImpactReport } from '../committee/impact.js';
import { ApiError } from '../common/api-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { Evaluator, RulesetInvalidError, type LoadedStandard, type Ruleset, type Text } from '../core/index.js';
import { categoryList, treeNodes, useNames, weightPointer, type TreeNode } from '../pages/standard-view.js';
import { StandardService } from '../rulesets/standard.service.js';

/** A rule file's name as the workbench takes it (the loader decides which names are categories or shared). */
const FILE_NAME = /^[A-Za-z0-9_-]{1,64}\.json$/;

/** What a workbench session starts from: the rule files (as text) and what the forms need to know about them. */
export interface WorkbenchStart {
  from: { kind: 'rules' } | { kind: 'candidate'; id: string; name: string };
  /** Every rule file of the draft, as its text. */
  files: { name: string; text: string }[];
  /** The texts in force, to tell which files a draft changes. */
  original: Record<string, string>;
  categories: { id: string; name: Text; file: string }[];
  /** The starting draft's rulesets with `extends` resolved, by category (what a category file inherits). */
  rulesets: Record<string, Ruleset>;
  tree: (TreeNode & { weight: { pointer: string; group: string } })[];
  levels: Text[];
  /** Names of the tree's nodes and of the other uses of facts. */
  names: Record<string, Text>;
  /** The fact dictionary's labels and units, to show conditions. */
  facts: Record<string, { label: Text; unit?: Text }>;
  candidates: { id: string; name: string; createdAt: string }[];
}

/** A validation issue at its file and JSON pointer, as `validate` reports it. */
export interface DraftIssue {
  file: string;
  pointer: string;
  message: Text;
}

/** The answer to an edit: the same checks as `validate`, the diff in the committee's words, the impact. */
export interface DraftCheck {
  valid: boolean;
  issues: DraftIssue[];
  /** The draft's rulesets with `extends` resolved (when valid). */
  rulesets: Record<string, Ruleset> | null;
  changes: RulesetChange[];
  impact: ImpactReport | null;
  /** Milliseconds: validating and compiling the draft, scoring it on the stored submissions, both. */
  timings: { validateMs: number; impactMs: number; totalMs: number };
}

/** An impact run given up because the page asked again before it finished. */
export class DraftSupersededError extends Error {}

/** How many most-affected agencies the panel lists. */
const TOP = 10;

/**
 * The committee's workbench: a draft of the rule files edited in the browser, checked after each edit by the core's
 * own loader (every check `validate` makes), compared with the rules in force in the committee's words, and scored
 * on every agency's latest submission through the core's Evaluator (on the stored outcomes the impact jobs keep), so
 * it gets faster with the evaluator.
 */
@Injectable()
export class WorkbenchService {
  private readonly logger = new Logger(WorkbenchService.name);
  /** The latest check, by the content of its files: the same draft asked again gets the same answer. */
  private last?: { key: string; check: Promise<DraftCheck> };

  constructor(
    private readonly standard: StandardService,
    private readonly candidates: CandidatesService,
    private readonly jobs: ImpactJobsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The files a session starts from: every rule file in force, or a stored draft's files laid over them. */
  async start(candidateId?: string): Promise<WorkbenchStart> {
    const { standard } = this.standard.current;
    const original = this.ruleFiles();
    let texts = original;
    let from: WorkbenchStart['from'] = { kind: 'rules' };
    let draft: LoadedStandard = standard;
    if (candidateId) {
      const c = await this.candidates.get(candidateId);
      const files = await this.candidates.filesOf(candidateId);
      texts = { ...original, ...Object.fromEntries(Object.entries(files).map(([name, content]) => [name, `${JSON.stringify(content, null, 2)}\n`])) };
      draft = await this.candidates.standardOf(candidateId);
      from = { kind: 'candidate', id: c.id, name: c.name };
    }
    // Let the stored outcomes be built while the page loads: the first edit then only re-scores.
    this.jobs.currentBaseline().catch((e: unknown) => this.logger.warn(`impact outcomes not built: ${(e as Error).message}`));
    const criteria = standard.criteria;
    return {
      from,
      files: Object.entries(texts).map(([name, text]) => ({ name, text })),
      original,
      categories: categoryList(criteria.classification).map((c) => ({ ...c, file: `${c.id}.json` })),
      rulesets: Object.fromEntries(Object.entries(draft.rulesets).map(([c, r]) => [c, r.ruleset])),
      tree: treeNodes(criteria).map((n) => ({ ...n, weight: weightPointer(n) })),
      levels: criteria.indicators.levels,
      names: useNames(criteria),
      facts: Object.fromEntries(Object.entries(criteria.facts.facts).map(([id, f]) => [id, { label: f.label, unit: f.unit }])),
      candidates: (await this.candidates.recent()).map((c) => ({ id: c.id, name: c.name, createdAt: c.createdAt })),
    };
  }

  /**
   * Checks a draft: its files (those that differ from the rules in force, as text) laid over `rules/` and loaded by
   * the core; when valid, its changes against the rules in force and its effect on every agency's latest submission.
   */
  check(files: Record<string, string>, signal?: AbortSignal): Promise<DraftCheck> {
    const draft = this.changed(files);
    const key = createHash('sha256').update(JSON.stringify(Object.entries(draft).sort())).update(this.standard.current.loadedAt).digest('hex');
    if (this.last?.key === key) return this.last.check;
    const check = this.run(draft, signal);
    this.last = { key, check };
    check.catch(() => {
      if (this.last?.check === check) this.last = undefined;
    });
    return check;
  }

  private async run(files: Record<string, string>, signal?: AbortSignal): Promise<DraftCheck> {
    const started = performance.now();
    let standard: LoadedStandard;
    try {
      standard = this.candidates.build(files);
    } catch (e) {
      if (!(e instanceof RulesetInvalidError)) throw e;
      const ms = Math.round(performance.now() - started);
      return { valid: false, issues: e.issues.map((i) => ({ file: fileName(i.file), pointer: i.pointer, message: i.message })), rulesets: null, changes: [], impact: null, timings: { validateMs: ms, impactMs: 0, totalMs: ms } };
    }
    const evaluator = new Evaluator(standard);
    const validated = performance.now();
    const onProgress = () => {
      if (signal?.aborted) throw new DraftSupersededError('superseded');
    };
    const impact = await this.jobs.impactOf(evaluator, { top: TOP, onProgress });
    const done = performance.now();
    return {
      valid: true,
      issues: [],
      rulesets: Object.fromEntries(Object.entries(standard.rulesets).map(([c, r]) => [c, r.ruleset])),
      changes: diffStandards(this.standard.current.standard, standard),
      impact,
      timings: { validateMs: Math.round(validated - started), impactMs: Math.round(done - validated), totalMs: Math.round(done - started) },
    };
  }

  /** Saves the draft as a candidate (`POST /rulesets/candidates`): the files that differ, parsed. */
  async save(name: string | undefined, files: Record<string, string>, principal: string) {
    const draft = this.changed(files);
    const parsed: Record<string, unknown> = {};
    const issues: DraftIssue[] = [];
    for (const [file, text] of Object.entries(draft)) {
      try {
        parsed[file] = JSON.parse(text);
      } catch (e) {
        issues.push({ file: `rules/${file}`, pointer: '/', message: { zh: `不是有效的 JSON：${(e as Error).message}`, en: `not valid JSON: ${(e as Error).message}` } });
      }
    }
    if (issues.length > 0) throw new RulesetInvalidError(issues);
    if (Object.keys(parsed).length === 0) throw ApiError.badRequest('noChanges', { zh: '草案与现行规则相同，无需保存', en: 'The draft is the same as the rules in force: nothing to save' });
    return this.candidates.create(name, parsed, principal);
  }

  /** The draft as a complete rules folder (`rules/…`, with its rule tests), zipped, for review and version control. */
  async zip(files: Record<string, string>): Promise<Buffer> {
    const draft = this.changed(files);
    const zip = new JSZip();
    const root = this.config.rulesDir;
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir).sort()) {
        const full = join(dir, entry);
        const rel = relative(root, full).split('\\').join('/');
        if (rel === 'editions') continue;
        if (statSync(full).isDirectory()) walk(full);
        else if (!(rel in draft)) zip.file(`rules/${rel}`, readFileSync(full));
      }
    };
    walk(root);
    for (const [name, text] of Object.entries(draft)) zip.file(`rules/${name}`, text);
    return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', platform: 'UNIX' });
  }

  /** The rule files in force, as their text, by name. */
  private ruleFiles(): Record<string, string> {
    const dir = this.config.rulesDir;
    return Object.fromEntries(
      readdirSync(dir)
        .filter((f) => FILE_NAME.test(f) && statSync(join(dir, f)).isFile())
        .sort()
        .map((f) => [f, readFileSync(join(dir, f), 'utf8')]),
    );
  }

  /** The files of a draft that differ from those in force (names checked; a file in force may not be removed). */
  private changed(files: Record<string, string>): Record<string, string> {
    const original = this.ruleFiles();
    const bad = Object.entries(files).filter(([name, text]) => !FILE_NAME.test(name) || typeof text !== 'string');
    if (bad.length > 0) {
      throw ApiError.badRequest(
        'candidateFiles',
        { zh: '文件应为 <名称>.json 的文本', en: 'files must be the text of <name>.json' },
        bad.map(([name]) => ({ field: `files.${name}`, message: { zh: `不是规则文件：${name}`, en: `not a rule file: ${name}` } })),
      );
    }
    return Object.fromEntries(Object.entries(files).filter(([name, text]) => original[name] !== text));
  }
}

/** An issue's file relative to the rules folder (`rules/base.json` → `base.json`), as the editor's tabs name it. */
function fileName(file: string): string {
  return file.replace(/^rules\//, '');
}
