import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Page, PageOf, PageQuery, RequireScope } from '@app/core';
import { UserAccountsService } from '../user-accounts.service';
import { BankAccountAdminView, BankAccountRequest, CreateBankAccountRequest } from './bank-account.dto';

@ApiTags('admin')
@Controller('admin/users/:userId/accounts')
@RequireScope('admin')
export class UserAccountsAdminController {
  constructor(private readonly accounts: UserAccountsService) {}

  /** Adds a bank account to a user (shown to payments by the Data Adapter). */
  @Post()
  @ApiCreatedResponse({ type: BankAccountAdminView })
  @ApiConflictResponse({ description: 'The user already has an account with this accountId.' })
  create(@Param('userId') userId: string, @Body() body: CreateBankAccountRequest): Promise<BankAccountAdminView> {
    const { accountId, ...account } = body;
    return this.accounts.create(userId, accountId, account);
  }

  /** The bank accounts of a user. */
  @Get()
  @ApiOkResponse({ type: PageOf(BankAccountAdminView) })
  async list(@Param('userId') userId: string, @Query() query: PageQuery): Promise<Page<BankAccountAdminView>> {
    const { items, total } = await this.accounts.page(userId, query.page, query.size);
    return { items, page: query.page, size: query.size, total };
  }

  /** One bank account of a user. */
  @Get(':accountId')
  get(@Param('userId') userId: string, @Param('accountId') accountId: string): Promise<BankAccountAdminView> {
    return this.accounts.get(userId, accountId);
  }

  /** Replaces the account's fields (balance, name, usability …). */
  @Put(':accountId')
  update(
    @Param('userId') userId: string,
    @Param('accountId') accountId: string,
    @Body() body: BankAccountRequest,
  ): Promise<BankAccountAdminView> {
    return this.accounts.update(userId, accountId, body);
  }

  /** Deletes a bank account of a user. */
  @Delete(':accountId')
  @HttpCode(204)
  async remove(@Param('userId') userId: string, @Param('accountId') accountId: string): Promise<void> {
    await this.accounts.remove(userId, accountId);
  }
}
