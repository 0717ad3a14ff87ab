import { Type as ClassType } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** `?page=0&size=20` for every list endpoint (size at most 100). */
export class PageQuery {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: 1_000_000,
    default: 0,
    description: 'Page number, from 0.',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  page: number = 0;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 20, description: 'Items per page.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  size: number = 20;
}

export interface Page<T> {
  items: T[];
  page: number;
  size: number;
  total: number;
}

const pageTypes = new Map<ClassType<unknown>, ClassType<unknown>>();

/** OpenAPI type of a Page of `item`. */
export function PageOf(item: ClassType<unknown>): ClassType<unknown> {
  const cached = pageTypes.get(item);
  if (cached) return cached;
  class PageType {
    @ApiProperty({ type: () => item, isArray: true })
    items: unknown[];
    @ApiProperty({ type: 'integer' }) page: number;
    @ApiProperty({ type: 'integer' }) size: number;
    @ApiProperty({ type: 'integer' }) total: number;
  }
  Object.defineProperty(PageType, 'name', { value: `${item.name}Page` });
  pageTypes.set(item, PageType);
  return PageType;
}
