import { ApiProperty, ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PERMISSIONS, Permission } from '../permissions';

export class CreateRoleRequest {
  @ApiProperty({ example: 'BACK_OFFICE_SUPERVISOR', description: 'Upper-case letters, digits and _.' })
  @IsString()
  @Matches(/^[A-Z][A-Z0-9_]{0,63}$/)
  name: string;

  @ApiPropertyOptional({ example: 'Back-office supervisors' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  description?: string;

  @ApiProperty({ enum: PERMISSIONS, isArray: true, example: ['REQUEST_OTP', 'REQUEST_TOKEN_MFA'] })
  @IsArray()
  @ArrayMaxSize(PERMISSIONS.length)
  @IsIn(PERMISSIONS, { each: true })
  permissions: Permission[];
}

export class UpdateRoleRequest extends PartialType(PickType(CreateRoleRequest, ['description', 'permissions'])) {}

export class RoleAdminView {
  @ApiProperty({ example: 'BACK_OFFICE' }) name: string;
  @ApiProperty() description: string;
  @ApiProperty({ enum: PERMISSIONS, isArray: true }) permissions: Permission[];
}

export class SetUserRolesRequest {
  @ApiProperty({ type: String, isArray: true, example: ['BACK_OFFICE'] })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  roles: string[];
}

export class UserRolesView {
  @ApiProperty() userId: string;
  @ApiProperty({ type: String, isArray: true }) roles: string[];
}
