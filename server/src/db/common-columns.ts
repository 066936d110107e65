import { DataTypes } from 'sequelize';

/** Column definitions every model repeats. Ids are numbers in both dialects (mysql2 returns safe BIGINTs as numbers). */
export const idColumn = { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true } as const;
export const tenantIdColumn = { type: DataTypes.BIGINT, allowNull: false } as const;
export const refColumn = (allowNull = false) => ({ type: DataTypes.BIGINT, allowNull }) as const;
export const timestampColumns = { createdAt: DataTypes.DATE, updatedAt: DataTypes.DATE } as const;
