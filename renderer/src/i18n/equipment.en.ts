/** English strings of equipment imports, the mapping dialog's equipment fields and the id-check panel (merged under `equipment`). */
export default {
  equipment: {
    hint: 'Equipment history, events/alarms and sensor summaries (CSV or JSON Lines) and SECS/GEM SML logs are recognised by their content.',
    content: { die: 'Die-level test results', history: 'Equipment history', event: 'Equipment events and alarms', sensor: 'Sensor summaries' },
    tables: { equipment_history: 'equipment history', equipment_events: 'equipment events', sensor_summaries: 'sensor summaries' },
    mapping: { content: 'The file holds' },
    fields: {
      lot: 'Lot', wafer: 'Wafer', step: 'Process step', tool: 'Tool', chamber: 'Chamber', recipe: 'Recipe', start: 'Start time', end: 'End time',
      time: 'Time', code: 'Event or alarm code', text: 'Text', parameter: 'Parameter', value: 'Value',
    },
    imported: '{file}: {rows} rows of {table} imported',
    warning: 'warning: {text}',
    ids: {
      title: 'Equipment and test ids',
      explain: 'Lots and wafers that appear on one side only. Nothing is dropped: they stay in the workspace.',
      none: 'No equipment data imported yet.',
      allMatch: 'Every lot and wafer in the equipment data has test data, and every tested wafer has equipment history.',
      issues: {
        lotNotTested: 'Lots in equipment data without test data ({count})',
        waferNotTested: 'Wafers in equipment data that were not tested ({count})',
        waferNoHistory: 'Tested wafers without equipment history ({count})',
      },
      rows: '{rows} equipment rows',
      more: 'and {count} more',
    },
  },
};
