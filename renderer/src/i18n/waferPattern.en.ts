/** English texts of why a wafer got its spatial signature, by reason code (merged under `waferPattern`). */
export default {
  waferPattern: {
    explanation: {
      nearFull: '{failDensity} of dies fail, including {edgeBandDensity} of the edge band',
      random: '{failDensity} of dies fail, spread evenly over the radius and without clumping (neighbour excess {neighbourExcess})',
      edgeRing: 'outermost dies fail {outerRingDensity} vs {interiorDensity} inside, elevated on {edgeCoverage} of the circumference; 3-5 dies in they fail {edgeInwardRatio} times as often as at the rim',
      scratchLine: 'a thin line of {size} failing dies, {lineLength} dies long, elongation {elongation}',
      scratchStraight: 'a straight line of failing dies {straightLength} dies long ({fill} of its dies fail, {flankDensity} two dies beside it)',
      donut: 'fails peak at mid radius (profile {profile}) around a good center, all round the wafer ({ringCoverage} of the ring\'s sectors)',
      center: 'largest fail cluster ({size} dies) centred at {centroidRadius} R; center fails {centerDensity} vs {failDensity} overall',
      edgeLoc: 'a cluster of {size} failing dies sits on the edge ({edgeFraction} in the edge band) over {edgeLongestArc} of the circumference',
      loc: 'a compact cluster of {size} failing dies away from center and edge (centroid at {centroidRadius} R)',
      none: 'no spatial signature: {failDensity} of dies fail, largest cluster {size} dies',
    },
  },
};
