import { formFieldsOf, taskTypeDef } from './tasks';

describe('formFieldsOf', () => {
  const scales = (fields: { name: string; max?: number }[]) => fields.filter((f) => f.name === 'likelihood' || f.name === 'severity').map((f) => f.max);

  it("fits a grading task's likelihood and severity scales to the matrix in its context", () => {
    expect(scales(formFieldsOf('hazard.grade', { riskMatrix: { size: 4 } }))).toEqual([4, 4]);
    expect(scales(formFieldsOf('hazard.grade', { riskMatrix: { size: 7 } }))).toEqual([7, 7]);
  });

  it("keeps the type's fields without a usable matrix (tasks created before processes sent it)", () => {
    const declared = taskTypeDef('hazard.grade').fields;
    expect(formFieldsOf('hazard.grade', null)).toBe(declared);
    expect(formFieldsOf('hazard.grade', { riskMatrix: { size: 'five' } })).toBe(declared);
    expect(formFieldsOf('hazard.grade', { riskMatrix: { size: 40 } })).toBe(declared);
  });

  it('leaves other task types alone', () => {
    expect(formFieldsOf('hazard.verify', { riskMatrix: { size: 4 } })).toEqual(taskTypeDef('hazard.verify').fields);
  });
});
