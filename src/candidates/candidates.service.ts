import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { diffStandards } from '../committee/diff.js';
import { ApiError } from '../common/api-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { loadStandard, type LoadedStandard } from '../core/index.js';
import { Db } from '../database/db.service.js';
import { StandardService } from '../rulesets/standard.service.js';
import { RulesetCandidate } from './ruleset-candidate.entity.js';

/** A rule file's name; which names are categories or shared files is for the loader to check against the criteria. */
const FILE_NAME = /^[A-Za-z0-9_-]{1,64}\.json$/;

/** Draft rulesets the committee uploads: validated like files on disk, compared with the rules in force. */
@Injectable()
export class CandidatesService {
  private readonly loaded = new Map<string, LoadedStandard>();

  constructor(
    private readonly db: Db,
    private readonly standard: StandardService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Validates the uploaded files laid over the rules in force and stores the candidate (422 naming each issue). */
  async create(name: string | undefined, files: Record<string, unknown>, principal: string) {
    const bad = Object.keys(files).filter((f) => !FILE_NAME.test(f));
    if (bad.length > 0 || Object.keys(files).length === 0) {
      throw ApiError.badRequest('candidateFiles', { zh: '文件名应为 <类别>.json 或它们 extends 的文件（如 base.json）', en: 'file names must be <category>.json or a file they extend (such as base.json)' }, [
        ...bad.map((f) => ({ field: `files.${f}`, message: { zh: `不是规则文件名：${f}`, en: `not a rules file name: ${f}` } })),
        ...(Object.keys(files).length === 0 ? [{ field: 'files', message: { zh: '至少需要一个文件', en: 'at least one file is needed' } }] : []),
      ]);
    }
    const standard = this.build(files);
    const row: RulesetCandidate = {
      id: randomUUID(),
      name: name ?? `draft ${new Date().toISOString().slice(0, 16)}`,
      files,
      hashes: Object.fromEntries(Object.entries(standard.rulesets).map(([c, r]) => [c, r.hash])),
      createdBy: principal,
      createdAt: new Date().toISOString(),
    };
    await this.db.write((m) => m.insert(RulesetCandidate, row as QueryDeepPartialEntity<RulesetCandidate>));
    this.loaded.set(row.id, standard);
    return { ...this.summary(row), changes: diffStandards(this.standard.current.standard, standard) };
  }

  /** The latest drafts, newest first. */
  async recent(limit = 10) {
    const rows = await this.db.read((m) => m.find(RulesetCandidate, { order: { createdAt: 'DESC' }, take: limit }));
    return rows.map((r) => this.summary(r));
  }

  async get(id: string) {
    return this.summary(await this.row(id));
  }

  /** The files a candidate was uploaded with (those that differ from the rules in force), by name. */
  async filesOf(id: string): Promise<Record<string, unknown>> {
    return (await this.row(id)).files;
  }

  /** What the candidate changes against the rules in force, in the committee's words. */
  async diff(id: string) {
    return { candidate: id, changes: diffStandards(this.standard.current.standard, await this.standardOf(id)) };
  }

  /** The candidate's rules loaded and validated (cached per instance). */
  async standardOf(id: string): Promise<LoadedStandard> {
    const cached = this.loaded.get(id);
    if (cached) return cached;
    const standard = this.build((await this.row(id)).files);
    this.loaded.set(id, standard);
    return standard;
  }

  private async row(id: string): Promise<RulesetCandidate> {
    const row = await this.db.read((m) => m.findOneBy(RulesetCandidate, { id }));
    if (!row) throw ApiError.notFound({ zh: '规则草案', en: 'candidate ruleset' }, id);
    return row;
  }

  /**
   * Lays the files over a copy of rules/ and loads it through the core (every validation, every issue; throws
   * RulesetInvalidError). A file given as a string is written as it is (the text a committee member typed, so a
   * syntax error is reported as on disk); any other value as JSON.
   */
  build(files: Record<string, unknown>): LoadedStandard {
    const dir = mkdtempSync(join(tmpdir(), 'sme-candidate-'));
    const rulesDir = join(dir, 'rules');
    try {
      // Other editions and the rule tests are not part of the draft's load: left out, the copy is a few files.
      // dereference: a rules folder that is a symbolic link (a mounted volume, say) is copied, never written through.
      cpSync(this.config.rulesDir, rulesDir, { recursive: true, dereference: true, filter: (src) => !/^(editions|tests)([\\/]|$)/.test(relative(this.config.rulesDir, src)) });
      for (const [name, content] of Object.entries(files)) writeFileSync(join(rulesDir, name), typeof content === 'string' ? content : JSON.stringify(content));
      return loadStandard({ rulesDir, criteriaDir: this.config.criteriaDir });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  private summary(row: RulesetCandidate) {
    return { id: row.id, name: row.name, files: Object.keys(row.files), hashes: row.hashes, createdBy: row.createdBy, createdAt: row.createdAt };
  }
}
