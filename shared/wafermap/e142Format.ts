/**
 * SEMI E142 substrate maps (XML, namespace urn:semi-org:xsd.E142-1.V1005.SubstrateMap): layouts,
 * substrates and one BinCodeMap overlay per wafer with its bin definitions and one `BinCode` row
 * per raster row, two hexadecimal characters per die. Written with OriginLocation UpperLeft and
 * AxisDirection DownRight (rows top to bottom as listed); the "Origin" reference device holds the
 * raster column/row of die (0, 0), so tester coordinates come back on reading.
 */
import { diesOfRaster, hexBin, rasterOf, type BinDefinition, type BinMap } from './binMap.ts';

const namespace = 'urn:semi-org:xsd.E142-1.V1005.SubstrateMap';
const nullBin = 'FF';

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function unescapeXml(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

/** E142 XML of one wafer's map. */
export function writeE142(map: BinMap): string {
  const raster = rasterOf(map);
  const counts = new Map<number, number>();
  for (const die of map.dies) counts.set(die.bin, (counts.get(die.bin) ?? 0) + 1);
  const good = map.dies.filter((die) => map.bins.find((bin) => bin.bin === die.bin)?.pass).length;
  const size = map.dieWidthMm !== null && map.dieHeightMm !== null ? `\n      <DeviceSize X="${map.dieWidthMm}" Y="${map.dieHeightMm}" Units="mm"/>` : '';
  const definitions = map.bins.map((bin) =>
    `          <BinDefinition BinCode="${hexBin(bin.bin)}" BinCount="${counts.get(bin.bin) ?? 0}" BinDescription="${escapeXml(bin.name)}" BinQuality="${bin.pass ? 'Pass' : 'Fail'}" Pick="${bin.pass}"/>`);
  const rows: string[] = [];
  for (let row = 0; row < raster.rows; row++) {
    let codes = '';
    for (let col = 0; col < raster.cols; col++) {
      const bin = raster.cells[row * raster.cols + col] ?? -1;
      codes += bin < 0 ? nullBin : hexBin(bin);
    }
    rows.push(`          <BinCode>${codes}</BinCode>`);
  }
  const wafer = escapeXml(map.wafer);
  return `<?xml version="1.0" encoding="UTF-8"?>
<MapData xmlns="${namespace}">
  <Layouts>
    <Layout LayoutId="Wafer" TopLevel="true" DefaultUnits="mm">
      <Dimension X="1" Y="1"/>
      <ChildLayouts><ChildLayout LayoutId="Devices"/></ChildLayouts>
    </Layout>
    <Layout LayoutId="Devices" TopLevel="false" DefaultUnits="mm">
      <Dimension X="${raster.cols}" Y="${raster.rows}"/>${size}
      <ProductId>${escapeXml(map.device)}</ProductId>
    </Layout>
  </Layouts>
  <Substrates>
    <Substrate SubstrateType="Wafer" SubstrateId="${wafer}">
      <LotId>${escapeXml(map.lot)}</LotId>
      <GoodDevices>${good}</GoodDevices>
    </Substrate>
  </Substrates>
  <SubstrateMaps>
    <SubstrateMap SubstrateType="Wafer" SubstrateId="${wafer}" LayoutSpecifier="Wafer/Devices" SubstrateSide="TopSide" Orientation="${map.flatDegrees ?? 0}" OriginLocation="UpperLeft" AxisDirection="DownRight">
      <Overlay MapName="BinCodeMap" MapVersion="1">
        <ReferenceDevices>
          <ReferenceDevice Name="Origin"><Coordinates X="${-raster.minX}" Y="${-raster.minY}"/></ReferenceDevice>
        </ReferenceDevices>
        <BinCodeMap BinType="HexaDecimal" NullBin="${nullBin}">
          <BinDefinitions>
${definitions.join('\n')}
          </BinDefinitions>
${rows.join('\n')}
        </BinCodeMap>
      </Overlay>
    </SubstrateMap>
  </SubstrateMaps>
</MapData>
`;
}

/** Attributes of the first tag `name` in a piece of XML. */
function attributesOf(xml: string, name: string): Map<string, string> {
  const tag = new RegExp(`<(?:\\w+:)?${name}\\b([^>]*)>`).exec(xml)?.[1] ?? '';
  const attributes = new Map<string, string>();
  for (const match of tag.matchAll(/([\w:]+)\s*=\s*"([^"]*)"/g)) attributes.set(match[1] ?? '', unescapeXml(match[2] ?? ''));
  return attributes;
}

function elementText(xml: string, name: string): string | null {
  const match = new RegExp(`<(?:\\w+:)?${name}\\b[^>]*>([^<]*)</`).exec(xml);
  return match ? unescapeXml(match[1] ?? '').trim() : null;
}

/** Read every wafer of an E142 file (hexadecimal bin code maps). */
export function readE142(xml: string): BinMap[] {
  const device = elementText(xml, 'ProductId') ?? '';
  const substrates = [...xml.matchAll(/<(?:\w+:)?Substrate\b([^>]*)>([\s\S]*?)<\/(?:\w+:)?Substrate>/g)];
  const lotOf = (id: string): string => elementText(substrates.find((match) => attributesOf(`<S${match[1] ?? ''}>`, 'S').get('SubstrateId') === id)?.[2] ?? '', 'LotId') ?? '';
  const deviceSize = attributesOf(xml.slice(xml.lastIndexOf('<Layout ') >= 0 ? xml.lastIndexOf('<Layout ') : 0), 'DeviceSize');
  const maps: BinMap[] = [];
  for (const block of xml.matchAll(/<(?:\w+:)?SubstrateMap\b[\s\S]*?<\/(?:\w+:)?SubstrateMap>/g)) {
    const text = block[0];
    const header = attributesOf(text, 'SubstrateMap');
    const codeMap = attributesOf(text, 'BinCodeMap');
    if ((codeMap.get('BinType') ?? 'HexaDecimal') !== 'HexaDecimal') throw new Error(`E142 BinType ${codeMap.get('BinType')} is not supported (HexaDecimal only)`);
    const empty = (codeMap.get('NullBin') ?? nullBin).toUpperCase();
    const origin = attributesOf(text.slice(text.indexOf('<ReferenceDevice') >= 0 ? text.indexOf('<ReferenceDevice') : text.length), 'Coordinates');
    const rows = [...text.matchAll(/<(?:\w+:)?BinCode>([^<]*)<\//g)].map((match) => (match[1] ?? '').trim());
    const cols = Math.max(0, ...rows.map((row) => row.length / 2));
    const cells = new Int32Array(cols * rows.length).fill(-1);
    rows.forEach((row, rowIndex) => {
      for (let col = 0; col * 2 < row.length; col++) {
        const code = row.slice(col * 2, col * 2 + 2).toUpperCase();
        if (code !== empty) cells[rowIndex * cols + col] = Number.parseInt(code, 16);
      }
    });
    const bins = new Map<number, BinDefinition>();
    for (const definition of text.matchAll(/<(?:\w+:)?BinDefinition\b[^>]*>/g)) {
      const attributes = attributesOf(definition[0], 'BinDefinition');
      const bin = Number.parseInt(attributes.get('BinCode') ?? '', 16);
      if (Number.isFinite(bin) && !bins.has(bin)) bins.set(bin, { bin, name: attributes.get('BinDescription') ?? '', pass: attributes.get('BinQuality') === 'Pass' });
    }
    const number = (value: string | undefined): number | null => (value !== undefined && Number.isFinite(Number(value)) ? Number(value) : null);
    const wafer = header.get('SubstrateId') ?? '';
    maps.push({
      device, lot: lotOf(wafer), wafer,
      dieWidthMm: number(deviceSize.get('X')), dieHeightMm: number(deviceSize.get('Y')), flatDegrees: number(header.get('Orientation')),
      dies: diesOfRaster(cells, cols, number(origin.get('X')) ?? 0, number(origin.get('Y')) ?? 0),
      bins: [...bins.values()],
    });
  }
  return maps;
}
