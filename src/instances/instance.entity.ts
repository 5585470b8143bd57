import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A running instance of the service, as it last reported itself (every second or so). */
@Entity('instances')
export class Instance {
  /** INSTANCE_NAME (default: host name and process id). */
  @PrimaryColumn({ type: 'varchar', length: 100 })
  name: string;

  /** The ruleset hash it serves for each category (main edition). */
  @Column({ type: 'simple-json' })
  hashes: Record<string, string>;

  /** When the rules it serves were loaded. */
  @Column({ name: 'loaded_at', type: 'varchar', length: 24 })
  loadedAt: string;

  @Column({ name: 'started_at', type: 'varchar', length: 24 })
  startedAt: string;

  @Column({ name: 'heartbeat_at', type: 'varchar', length: 24 })
  heartbeatAt: string;
}

/** Values every instance shares (the reload generation). */
@Entity('cluster_settings')
export class ClusterSetting {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  key: string;

  @Column({ type: 'text' })
  value: string;
}
