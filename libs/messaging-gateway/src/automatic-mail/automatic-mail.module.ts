import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OutboxModule } from '../outbound/outbox/outbox.module';
import { AutomaticMailService } from './automatic-mail.service';
import { Suppression } from './suppression.entity';

/** What follows from bounces, complaints and auto-replies: outbox rows marked, the suppression list kept. Internal. */
@Module({
  imports: [TypeOrmModule.forFeature([Suppression]), OutboxModule],
  providers: [AutomaticMailService],
  exports: [AutomaticMailService],
})
export class AutomaticMailModule {}
