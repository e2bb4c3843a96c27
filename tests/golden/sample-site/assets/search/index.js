window.nfSearchData.shards(1);
