/**
 * The overview's "Equipment and test ids" panel while its check has not answered yet says nothing
 * about the data (it said "No equipment data imported yet." on a workspace with equipment history
 * for the moment before its check ran); once answered: no equipment data, or every id matched, in
 * the language shown.
 */
import { describe, expect, it, vi as vitest } from 'vitest';
import EquipmentIdCheckPanel from '../../renderer/src/components/EquipmentIdCheckPanel.vue';
import equipmentEn from '../../renderer/src/i18n/equipment.en.ts';
import equipmentVi from '../../renderer/src/i18n/equipment.vi.ts';
import { renderHtml, textOf, type Language } from './renderInLanguage.ts';

const state = vitest.hoisted(() => ({ idCheck: null as null | { mismatches: unknown[]; equipmentRows: number } }));
vitest.mock('../../renderer/src/stores/workspace.ts', () => ({
  useWorkspaceStore: () => ({ dataVersion: 1, phase: 'ready', idCheck: state.idCheck, refreshIdCheck: async () => undefined }),
}));

async function panelText(language: Language): Promise<string> {
  return textOf(await renderHtml(EquipmentIdCheckPanel, {}, language, [{ en: equipmentEn, vi: equipmentVi }]));
}

describe('equipment id panel', () => {
  it.each([
    ['en', 'Equipment and test ids …'],
    ['vi', 'Mã lô/wafer giữa thiết bị và kết quả đo …'],
  ] as const)('shows only its title and an ellipsis until the check answers (%s)', async (language, expected) => {
    state.idCheck = null;
    expect(await panelText(language)).toBe(expected);
  });

  it('says there is no equipment data only when the check found none, and that the ids match when they do', async () => {
    state.idCheck = { mismatches: [], equipmentRows: 0 };
    expect(await panelText('en')).toContain('No equipment data imported yet.');
    expect(await panelText('vi')).toContain('Chưa nhập dữ liệu thiết bị nào.');
    state.idCheck = { mismatches: [], equipmentRows: 10_000 };
    const matched = await panelText('en');
    expect(matched).toContain('Every lot and wafer in the equipment data has test data');
    expect(matched).not.toContain('No equipment data');
  });
});
