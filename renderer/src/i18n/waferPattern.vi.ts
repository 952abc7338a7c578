/** Vietnamese texts of why a wafer got its spatial signature, by reason code (merged under `waferPattern`). */
export default {
  waferPattern: {
    explanation: {
      nearFull: '{failDensity} số die bị hỏng, trong dải mép là {edgeBandDensity}',
      random: '{failDensity} số die bị hỏng, rải đều theo bán kính và không tụ thành cụm (mức dư lân cận {neighbourExcess})',
      edgeRing: 'die ngoài cùng hỏng {outerRingDensity} so với {interiorDensity} ở bên trong, tăng cao trên {edgeCoverage} chu vi; cách mép 3-5 die, tỷ lệ hỏng bằng {edgeInwardRatio} lần so với sát mép',
      scratchLine: 'một đường mảnh gồm {size} die hỏng, dài {lineLength} die, độ thuôn {elongation}',
      scratchStraight: 'một đường thẳng các die hỏng dài {straightLength} die ({fill} số die trên đường bị hỏng, {flankDensity} ở hai die bên cạnh)',
      donut: 'die hỏng dày nhất ở bán kính giữa (phân bố {profile}) quanh vùng tâm tốt, khắp vòng wafer ({ringCoverage} số cung của vành)',
      center: 'cụm hỏng lớn nhất ({size} die) có tâm ở {centroidRadius} R; vùng tâm hỏng {centerDensity} so với {failDensity} toàn wafer',
      edgeLoc: 'một cụm {size} die hỏng nằm ở mép ({edgeFraction} trong dải mép), trải trên {edgeLongestArc} chu vi',
      loc: 'một cụm gọn {size} die hỏng, xa tâm và xa mép (tâm cụm ở {centroidRadius} R)',
      none: 'không có dạng lỗi không gian: {failDensity} số die bị hỏng, cụm lớn nhất {size} die',
    },
  },
};
