import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Page, PageOf, PageQuery, RequireScope } from '@app/core';
import { AfsService } from '../afs.service';
import { AfsRuleRequest, AfsRuleResponse } from './afs-rule.dto';

/** Anti-fraud rules, changed at run time without code. */
@ApiTags('admin: anti-fraud rules')
@Controller('admin/afs/rules')
@RequireScope('admin')
export class AfsRulesController {
  constructor(private readonly afs: AfsService) {}

  /** The anti-fraud rules, by priority. */
  @Get()
  @ApiOkResponse({ type: PageOf(AfsRuleResponse) })
  async list(@Query() query: PageQuery): Promise<Page<AfsRuleResponse>> {
    const { items, total } = await this.afs.listRules(query.page, query.size);
    return { items: items.map(AfsRuleResponse.of), page: query.page, size: query.size, total };
  }

  /** One anti-fraud rule. */
  @Get(':ruleId')
  @ApiOkResponse({ type: AfsRuleResponse })
  async get(@Param('ruleId', ParseUUIDPipe) ruleId: string): Promise<AfsRuleResponse> {
    return AfsRuleResponse.of(await this.afs.getRule(ruleId));
  }

  /** Adds an anti-fraud rule (JSON condition, validated; never evaluated as code). */
  @Post()
  @ApiCreatedResponse({ type: AfsRuleResponse })
  async create(@Body() body: AfsRuleRequest): Promise<AfsRuleResponse> {
    return AfsRuleResponse.of(await this.afs.createRule(body));
  }

  /** Replaces an anti-fraud rule; applies to the next request. */
  @Put(':ruleId')
  @ApiOkResponse({ type: AfsRuleResponse })
  async update(@Param('ruleId', ParseUUIDPipe) ruleId: string, @Body() body: AfsRuleRequest): Promise<AfsRuleResponse> {
    return AfsRuleResponse.of(await this.afs.updateRule(ruleId, body));
  }

  /** Deletes an anti-fraud rule. */
  @Delete(':ruleId')
  @HttpCode(204)
  @ApiNoContentResponse()
  async remove(@Param('ruleId', ParseUUIDPipe) ruleId: string): Promise<void> {
    await this.afs.deleteRule(ruleId);
  }
}
