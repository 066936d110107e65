import { ConflictError, NotFoundError, ValidationError } from '@kefu/shared';
import { Op, UniqueConstraintError } from 'sequelize';
// Read-only existence check of the tenant's products; commerce exports no product lookup yet.
import { Product } from '../../commerce/models';
import { KnowledgeEntry, KnowledgeRelation, type RelationKind, type RelationNodeType } from '../models';

export interface RelationInput {
  fromType: RelationNodeType;
  fromId: number;
  toType: RelationNodeType;
  toId: number;
  kind: RelationKind;
}

async function requireNode(tenantId: number, type: RelationNodeType, id: number): Promise<void> {
  const found =
    type === 'entry'
      ? await KnowledgeEntry.findOne({ where: { tenantId, id }, attributes: ['id'] })
      : await Product.findOne({ where: { tenantId, id }, attributes: ['id'] });
  // Another tenant's id reads as missing, never as "forbidden".
  if (!found) throw new NotFoundError(`${type} ${id} not found`);
}

export async function createRelation(tenantId: number, input: RelationInput): Promise<KnowledgeRelation> {
  if (input.fromType === input.toType && input.fromId === input.toId) throw new ValidationError('a relation needs two different ends');
  await requireNode(tenantId, input.fromType, input.fromId);
  await requireNode(tenantId, input.toType, input.toId);
  try {
    return await KnowledgeRelation.create({ tenantId, ...input });
  } catch (error) {
    if (error instanceof UniqueConstraintError) throw new ConflictError('this relation already exists');
    throw error;
  }
}

export async function deleteRelation(tenantId: number, id: number): Promise<KnowledgeRelation> {
  const relation = await KnowledgeRelation.findOne({ where: { tenantId, id } });
  if (!relation) throw new NotFoundError(`relation ${id} not found`);
  await relation.destroy();
  return relation;
}

export interface RelatedNode {
  relationId: number;
  kind: RelationKind;
  /** outgoing: (this) -kind-> (other), e.g. this entry is size_chart_for the other product. */
  direction: 'outgoing' | 'incoming';
  type: RelationNodeType;
  id: number;
}

/** Everything related to one entry or product, in either direction, for answers like "what fits my AJ1". */
export async function relatedTo(tenantId: number, type: RelationNodeType, id: number): Promise<RelatedNode[]> {
  const relations = await KnowledgeRelation.findAll({
    where: { tenantId, [Op.or]: [{ fromType: type, fromId: id }, { toType: type, toId: id }] },
    order: [['id', 'ASC']],
  });
  return relations.map((r) => {
    const outgoing = r.fromType === type && Number(r.fromId) === id;
    return {
      relationId: r.id,
      kind: r.kind,
      direction: outgoing ? 'outgoing' : 'incoming',
      type: outgoing ? r.toType : r.fromType,
      id: Number(outgoing ? r.toId : r.fromId),
    };
  });
}
