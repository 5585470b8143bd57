import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** An SME service agency under evaluation. Times are ISO-8601 UTC strings, portable across SQLite and PostgreSQL. */
@Entity('agencies')
@Index('idx_agencies_created', ['createdAt', 'id'])
export class Agency {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** 统一社会信用代码 (GB 32100-2015), check character verified. */
  @Index('uq_agencies_credit_code', { unique: true })
  @Column({ name: 'credit_code', type: 'varchar', length: 18 })
  creditCode: string;

  @Index('idx_agencies_region')
  @Column({ type: 'varchar', length: 100 })
  region: string;

  @Index('idx_agencies_category')
  @Column({ type: 'varchar', length: 32 })
  category: string;

  /** Table 1 class ids below the category, joined by "/". */
  @Column({ name: 'class_path', type: 'varchar', length: 300 })
  classPath: string;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy: string;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt: string;
}
