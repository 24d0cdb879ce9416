# desc: every scheduler the kernel offers (rr wrr lc wlc lblc lblcr dh sh sed nq fo ovf mh) on a service with a dest; listed with names and numeric
p=8000
for s in rr wrr lc wlc lblc lblcr dh sh sed nq fo ovf mh; do
  p=$((p+1))
  ipvsadm -A -t 10.0.0.100:$p -s $s
  echo "$s rc=$?"
  ipvsadm -a -t 10.0.0.100:$p -r 10.0.0.2:$p -m -w 3
done
ipvsadm -L
ipvsadm -Ln
