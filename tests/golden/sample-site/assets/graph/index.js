window.nfGraphData.shards(1);
