import { Body, Controller, Get, Header, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController, ApiExcludeEndpoint, ApiOperation } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/auth.decorators.js';
import { PagesService } from './pages.service.js';

/** Login and logout for the pages: for browsers, so not part of the API document. */
@ApiExcludeController()
@Controller()
export class PagesController {
  constructor(private readonly pages: PagesService) {}

  @Get('login')
  @Public()
  @Header('content-type', 'text/html; charset=utf-8')
  @ApiOperation({ summary: '页面登录表单（开始加密会话）/ Login form for the pages (starts an encrypted session)' })
  loginForm(@Query('next') next?: string, @Query('lang') lang?: string, @Query('failed') failed?: string) {
    return this.pages.loginPage(next, lang, failed === '1');
  }

  @Post('login')
  @Public()
  @HttpCode(303)
  @ApiExcludeEndpoint()
  login(@Body() body: { key?: string; next?: string }, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    this.pages.login(body ?? {}, req, reply);
  }

  @Get('logout')
  @Public()
  @HttpCode(303)
  @ApiOperation({ summary: '结束页面登录会话 / End the pages\' login session' })
  logout(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    this.pages.logout(req, reply);
  }

  @Get('assets/echarts.min.js')
  @Public()
  @Header('content-type', 'application/javascript; charset=utf-8')
  @Header('cache-control', 'public, max-age=86400')
  @ApiExcludeEndpoint()
  echarts() {
    return this.pages.echarts();
  }
}
