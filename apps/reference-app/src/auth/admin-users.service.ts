import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { compare, hash } from 'bcryptjs';
import type { Repository } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { AdminUser } from './admin-user.entity';
import { normalizeLoginEmail } from './login-email';
import { SessionStore } from './session-store';

/** OWASP's minimum work factor for bcrypt is 10; 12 costs about 250 ms per login on one core. */
const BCRYPT_COST = 12;
/** Compared against when the email is unknown, so that a miss takes as long as a wrong password. */
const DUMMY_HASH = '$2b$12$9U783k1xrZCEicKHegtIUeMR.LED6fLJV9J/IhhyjviF9k3XLf9BO';

/**
 * Admin accounts. At start, the configured login (ADMIN_EMAIL / ADMIN_PASSWORD, generated in
 * development) is created, or its password updated when the variable changed; a changed password
 * ends every session of that admin, so whoever held the old one is logged out everywhere.
 */
@Injectable()
export class AdminUsersService implements OnApplicationBootstrap {
  private readonly logger = new Logger('AdminUsers');

  constructor(
    @InjectRepository(AdminUser) private readonly users: Repository<AdminUser>,
    private readonly config: AppConfig,
    private readonly sessions: SessionStore,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { email, password } = this.config.admin;
    if (email && password) {
      await this.upsert(email, password);
    } else if ((await this.users.count()) === 0) {
      this.logger.warn('no admin user exists: set ADMIN_EMAIL and ADMIN_PASSWORD to create one');
    }
  }

  async upsert(email: string, password: string): Promise<void> {
    const normalized = normalizeLoginEmail(email);
    const existing = await this.users.findOneBy({ email: normalized });
    if (existing && (await compare(password, existing.passwordHash))) return;
    const passwordHash = await hash(password, BCRYPT_COST);
    await this.users.upsert({ email: normalized, passwordHash }, ['email']);
    if (existing) {
      const ended = await this.sessions.deleteAllFor(existing.id);
      this.logger.log(`password of an admin changed: ${ended} session(s) ended`);
    }
  }

  /** The user when the password matches, else null; same work either way. */
  async verify(email: string, password: string): Promise<AdminUser | null> {
    const user = await this.users.findOneBy({ email: normalizeLoginEmail(email) });
    const matches = await compare(password, user?.passwordHash ?? DUMMY_HASH);
    return user && matches ? user : null;
  }

  findById(id: string): Promise<AdminUser | null> {
    return this.users.findOneBy({ id });
  }
}
