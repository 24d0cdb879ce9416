# desc: every long command name works: add/edit/delete service and server, list, save, zero, clear
ipvsadm --add-service --tcp-service 10.0.0.100:80
echo "rc=$?"
ipvsadm --edit-service --tcp-service 10.0.0.100:80 --scheduler rr
echo "rc=$?"
ipvsadm --add-server --tcp-service 10.0.0.100:80 --real-server 192.168.1.2 --gatewaying
echo "rc=$?"
ipvsadm --edit-server --tcp-service 10.0.0.100:80 --real-server 192.168.1.2 --weight 7
echo "rc=$?"
ipvsadm --save --numeric
echo "rc=$?"
ipvsadm --zero
echo "rc=$?"
ipvsadm --delete-server --tcp-service 10.0.0.100:80 --real-server 192.168.1.2
echo "rc=$?"
ipvsadm --list --numeric
echo "rc=$?"
ipvsadm --delete-service --tcp-service 10.0.0.100:80
echo "rc=$?"
ipvsadm --add-service --udp-service 10.0.0.100:53
ipvsadm --clear
echo "rc=$?"
