import { Global, Module } from '@nestjs/common';
import { AssetsController } from './assets.controller';
import { ViewRenderer } from './view-renderer';

/** What every server-rendered page shares: the renderer, the layout and the stylesheet. */
@Global()
@Module({ controllers: [AssetsController], providers: [ViewRenderer], exports: [ViewRenderer] })
export class WebModule {}
