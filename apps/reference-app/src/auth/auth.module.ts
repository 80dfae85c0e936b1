import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import cookieParser from 'cookie-parser';
import { AdminUser } from './admin-user.entity';
import { AdminUsersService } from './admin-users.service';
import { AuthController } from './auth.controller';
import { WebAuthMiddleware } from './web-auth.middleware';
import { webSessionProvider } from './web-session.provider';
import { WebSession } from './web-session';

/** Every path that shows a page or takes a form: all behind the login and CSRF checks (the queue dashboard applies the same middleware itself). */
export const WEB_ROUTES = ['login', 'logout', 'inbox', 'email-log', 'outbox', 'dev-mail', 'relay-log'];

/** Admin login for the web inbox and the queue dashboard. */
@Module({
  imports: [TypeOrmModule.forFeature([AdminUser])],
  controllers: [AuthController],
  providers: [AdminUsersService, webSessionProvider, WebAuthMiddleware],
  exports: [AdminUsersService, WebSession, WebAuthMiddleware],
})
export class AuthModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(cookieParser(), WebAuthMiddleware)
      .forRoutes(...WEB_ROUTES.flatMap((route) => [route, `${route}/*path`]));
  }
}
