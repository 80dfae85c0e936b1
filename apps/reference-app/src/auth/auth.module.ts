import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import cookieParser from 'cookie-parser';
import { AdminUser } from './admin-user.entity';
import { AdminUsersService } from './admin-users.service';
import { AuthController } from './auth.controller';
import { CsrfTokens } from './csrf-tokens';
import { LoginRefusalFilter } from './login-refusal.filter';
import { SessionStore } from './session-store';
import { WebAuthMiddleware } from './web-auth.middleware';
import { webSessionProviders } from './web-session.provider';
import { WebSession } from './web-session';

/** Every path that shows a page or takes a form: all behind the login and CSRF checks (the queue dashboard applies the same middleware itself). */
export const WEB_ROUTES = [
  'login',
  'logout',
  'logout-everywhere',
  'inbox',
  'email-log',
  'outbox',
  'dev-mail',
  'relay-log',
];

/** Admin login, server-side sessions and CSRF tokens for the web inbox and the queue dashboard. */
@Module({
  imports: [TypeOrmModule.forFeature([AdminUser])],
  controllers: [AuthController],
  providers: [AdminUsersService, SessionStore, ...webSessionProviders, WebAuthMiddleware, LoginRefusalFilter],
  exports: [AdminUsersService, WebSession, CsrfTokens, WebAuthMiddleware],
})
export class AuthModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(cookieParser(), WebAuthMiddleware)
      .forRoutes(...WEB_ROUTES.flatMap((route) => [route, `${route}/*path`]));
  }
}
