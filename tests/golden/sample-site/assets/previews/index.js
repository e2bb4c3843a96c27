window.nfPreviews.shards(1);
